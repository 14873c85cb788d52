package dev.vecrnn.server;

import dev.vecrnn.api.Model;
import dev.vecrnn.api.VecrnnException;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The models a server offers, by the id clients name them with: the model file's name without
 * its {@code .vrnn} extension ({@code shakespeare.vrnn} is "shakespeare").
 */
public final class ServedModels {
    private final Map<String, Model> byId;
    private final long created = System.currentTimeMillis() / 1000;

    private ServedModels(Map<String, Model> byId) {
        if (byId.isEmpty()) {
            throw new VecrnnException("no model to serve: give at least one model file");
        }
        this.byId = Collections.unmodifiableMap(byId);
    }

    /** The models already loaded, under their file names' ids; two with the same id are an error. */
    public static ServedModels of(List<Model> models) {
        Map<String, Model> m = new LinkedHashMap<>();
        for (Model model : models) {
            String id = idOf(model.file());
            Model before = m.putIfAbsent(id, model);
            if (before != null) {
                throw new VecrnnException("two models would be served as '" + id + "' (" + before.file() + " and "
                        + model.file() + "); rename one of the files");
            }
        }
        return new ServedModels(m);
    }

    /** Loads each file with the built-in tokenizers. */
    public static ServedModels load(List<Path> files) {
        return of(files.stream().map(Model::load).toList());
    }

    static String idOf(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".vrnn") && name.length() > 5 ? name.substring(0, name.length() - 5) : name;
    }

    /** The model served as {@code id}, or null. */
    Model get(String id) {
        return byId.get(id);
    }

    /** Ids and models, in the order given. */
    public Map<String, Model> all() {
        return byId;
    }

    /** When the server loaded them, in seconds since the epoch (the API's {@code created}). */
    long created() {
        return created;
    }
}
