package dev.vecrnn.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vecrnn.api.Model;
import dev.vecrnn.api.ModelInfo;

import java.util.Map;

/**
 * {@code GET /v1/models} and {@code GET /v1/models/{id}} in the API's shape, each model with a
 * {@code vecrnn} object beside: what it is (cell, sizes, tokenizer, validation loss) for the playground.
 */
final class ModelsEndpoint {
    private final ServedModels models;

    ModelsEndpoint(ServedModels models) {
        this.models = models;
    }

    ObjectNode list() {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("object", "list");
        ArrayNode data = root.putArray("data");
        for (Map.Entry<String, Model> e : models.all().entrySet()) {
            data.add(describe(e.getKey(), e.getValue()));
        }
        return root;
    }

    ObjectNode one(String id) {
        Model m = models.get(id);
        if (m == null) {
            throw ApiError.status(404, "model_not_found", "The model " + Text.quote(id, 80) + " is not served here");
        }
        return describe(id, m);
    }

    private ObjectNode describe(String id, Model m) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("id", id);
        o.put("object", "model");
        o.put("created", models.created());
        o.put("owned_by", "vecrnn");
        ModelInfo info = m.info();
        ObjectNode d = o.putObject("vecrnn");
        d.put("cell", info.cell().name().toLowerCase(java.util.Locale.ROOT));
        d.put("layers", info.layers());
        d.put("hidden", info.hidden());
        d.put("vocabulary_size", info.vocabularySize());
        d.put("parameters", info.parameters());
        d.put("tokenizer", info.tokenizer());
        d.put("iterations", info.iterations());
        if (Double.isNaN(info.validationLoss())) {
            d.putNull("validation_loss");
        } else {
            d.put("validation_loss", info.validationLoss());
        }
        d.put("summary", info.summary());
        return o;
    }
}
