package dev.vecrnn.server;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** The completions API's JSON: a response's head, a choice, a usage, a streamed chunk. */
final class CompletionJson {
    private CompletionJson() {
    }

    static ObjectNode head(String id, long created, String model) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("id", id);
        o.put("object", "text_completion");
        o.put("created", created);
        o.put("model", model);
        return o;
    }

    static ObjectNode choice(int index, String text, String reason) {
        ObjectNode c = Json.MAPPER.createObjectNode();
        c.put("text", text);
        c.put("index", index);
        c.putNull("logprobs");
        c.put("finish_reason", reason);
        return c;
    }

    static ObjectNode usage(CompletionRun.Usage u) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("prompt_tokens", u.promptTokens());
        o.put("completion_tokens", u.completionTokens());
        o.put("total_tokens", u.total());
        return o;
    }

    /** One streamed chunk with one choice's text (and its finish reason, or null). */
    static String chunk(String id, long created, String model, int index, String text, String reason) {
        ObjectNode c = head(id, created, model);
        c.putArray("choices").add(choice(index, text, reason));
        return Json.write(c);
    }
}
