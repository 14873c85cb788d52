#!/usr/bin/env python3
"""What model a system trains, in numbers a reader can compare: cell, sizes, input form, softmax,
optimizer, parameter count, and multiply-adds per token of the matrix products.

Multiply-adds count the dense products of one token, forward: the first layer's input product
(none for vecrnn's row gather of a one-hot input or for an embedding lookup; V x G for a dense
one-hot input; E x G after an embedding of width E), each layer's recurrent product H x G, the
deeper layers' input products H x G, and the output layer (H x V for a full softmax; for an
adaptive one the head plus, for a token whose target is in tail cluster i, that cluster's two
products). G is the gate width: H (rnn), 3H (gru), 4H (lstm). Training does each product three
times (forward, weight gradient, input gradient), except that nothing needs the gradient of the
one-hot input: a dense one-hot product costs twice its forward.
"""

GATES = {"rnn": 1, "gru": 3, "lstm": 4}


def gate_width(cell, hidden):
    return GATES[cell] * hidden


def adaptive_clusters(hidden, vocab, cutoffs, div_value):
    """[(size, projection width)] of the tail clusters, as torch.nn.AdaptiveLogSoftmaxWithLoss makes them."""
    edges = [c for c in cutoffs if c < vocab] + [vocab]
    return [(edges[i + 1] - edges[i], int(hidden // (div_value ** (i + 1)))) for i in range(len(edges) - 1)]


def describe(cell, vocab, hidden, layers, input_form, embedding=0, softmax="full", cutoffs=(), div_value=4.0,
             tail_fractions=None, optimizer="", clip="", params=None):
    """A dict describing the model, with 'macs_forward' and 'macs_train' per token.

    input_form: 'gather' (vecrnn's row gather of the one-hot input's weights), 'onehot' (a dense
    one-hot vector into a V-wide input product), or 'embedding' (a lookup of an embedding-wide
    vector, then an input product of that width). tail_fractions: for an adaptive softmax, the
    fraction of targets in each tail cluster (their products are only done for those tokens).
    """
    g = gate_width(cell, hidden)
    width = embedding or hidden
    first = {"gather": 0, "onehot": vocab * g, "embedding": width * g}[input_form]
    hidden_products = layers * hidden * g + (layers - 1) * hidden * g  # recurrences, deeper inputs
    if softmax == "adaptive":
        clusters = adaptive_clusters(hidden, vocab, cutoffs, div_value)
        head = hidden * (vocab if not clusters else [c for c in cutoffs if c < vocab][0] + len(clusters))
        fractions = tail_fractions or [0.0] * len(clusters)
        output = head + sum(f * (hidden * d + d * size) for f, (size, d) in zip(fractions, clusters))
        softmax_text = "adaptive: head %s + %d clusters, cutoffs %s, div %g" % (
            "{:,}".format(head // hidden), len(clusters), ",".join(str(c) for c in cutoffs), div_value)
    else:
        output = hidden * vocab
        softmax_text = "full, %s-way" % "{:,}".format(vocab)
    forward = first + hidden_products + output
    train = 3 * forward - (first if input_form == "onehot" else 0)
    inputs = {"gather": "one-hot, as a row gather of the input weights",
              "onehot": "one-hot vector, dense %s × %s product" % ("{:,}".format(vocab), "{:,}".format(g)),
              "embedding": "embedding lookup (%s × %d), then a %d × %s product" % (
                  "{:,}".format(vocab), width, width, "{:,}".format(g))}[input_form]
    d = {"cell": cell, "vocab": vocab, "hidden": hidden, "layers": layers, "input": input_form,
         "embedding": embedding, "softmax": softmax, "input_text": inputs, "softmax_text": softmax_text,
         "optimizer": optimizer, "clip": clip, "macs_forward": int(round(forward)), "macs_train": int(round(train))}
    if softmax == "adaptive":
        d["tail_fractions"] = [round(f, 5) for f in fractions]
    if params is not None:
        d["params"] = int(params)
    return d
