package dev.vecrnn.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.vecrnn.api.Model;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a completions request body into a {@link CompletionRequest}, or refuses it with an
 * {@link ApiError} that names the parameter at fault, as the OpenAI API does: wrong JSON, wrong
 * types, values out of range, unknown parameters, an unknown model, a prompt the model cannot read.
 */
final class CompletionRequestParser {
    /** Parameters of the OpenAI completions API that are accepted only at their neutral values. */
    private static final Set<String> KNOWN = Set.of("model", "prompt", "max_tokens", "temperature", "top_p", "top_k", "seed",
            "stop", "n", "stream", "stream_options", "echo", "user", "logprobs", "best_of", "suffix", "presence_penalty",
            "frequency_penalty", "logit_bias");
    static final int DEFAULT_MAX_TOKENS = 16;
    private static final int MAX_STOPS = 4;

    private final ServedModels models;
    private final ServerLimits limits;

    CompletionRequestParser(ServedModels models, ServerLimits limits) {
        this.models = models;
        this.limits = limits;
    }

    CompletionRequest parse(byte[] body) {
        JsonNode root = readJson(body);
        if (!root.isObject()) {
            throw ApiError.invalid(null, "the request body must be a JSON object, not " + kind(root));
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!KNOWN.contains(name)) {
                throw ApiError.invalid(name, "Unrecognized request argument supplied: " + Text.quote(name, 80));
            }
        }
        String modelId = requiredString(root, "model");
        Model model = models.get(modelId);
        if (model == null) {
            throw ApiError.invalid("model", "model_not_found", "The model " + Text.quote(modelId, 80)
                    + " is not served here; GET /v1/models lists those that are: " + String.join(", ", models.all().keySet()));
        }
        List<String> prompts = prompts(root.get("prompt"), model);
        int maxTokens = integer(root, "max_tokens", DEFAULT_MAX_TOKENS, 1, limits.maxTokens());
        double temperature = number(root, "temperature", 1.0, 0, 2, true);
        double topP = number(root, "top_p", 1.0, 0, 1, false);
        int topK = integer(root, "top_k", 0, 0, Integer.MAX_VALUE);
        Long seed = root.hasNonNull("seed") ? (long) longValue(root.get("seed"), "seed") : null;
        List<String> stop = stops(root.get("stop"));
        int n = integer(root, "n", 1, 1, limits.maxChoices());
        if ((long) n * prompts.size() > limits.maxChoices()) {
            throw ApiError.invalid("n", "n times the number of prompts is " + (long) n * prompts.size() + "; at most "
                    + limits.maxChoices() + " choices are generated for one request");
        }
        boolean stream = bool(root, "stream", false);
        boolean includeUsage = streamOptions(root.get("stream_options"), stream);
        boolean echo = bool(root, "echo", false);
        if (root.has("user") && !root.get("user").isTextual() && !root.get("user").isNull()) {
            throw ApiError.invalid("user", "user must be a string, not " + kind(root.get("user")));
        }
        neutral(root, "logprobs", JsonNode::isNull, "logprobs are not available from this server; leave logprobs out");
        neutral(root, "suffix", JsonNode::isNull, "suffix (insertion) is not supported; leave it out");
        neutral(root, "best_of", v -> v.isNull() || v.isIntegralNumber() && v.asLong() == n,
                "best_of is not supported (only best_of = n); leave it out");
        neutral(root, "presence_penalty", v -> v.isNull() || v.isNumber() && v.asDouble() == 0,
                "presence_penalty is not supported (only 0); leave it out");
        neutral(root, "frequency_penalty", v -> v.isNull() || v.isNumber() && v.asDouble() == 0,
                "frequency_penalty is not supported (only 0); leave it out");
        neutral(root, "logit_bias", v -> v.isNull() || v.isObject() && v.isEmpty(), "logit_bias is not supported; leave it out");
        return new CompletionRequest(modelId, model, prompts, maxTokens, temperature, topP, topK, seed, stop, n, stream,
                includeUsage, echo);
    }

    /** The body as JSON; bytes that are not UTF-8 are refused naming the parameter whose value holds them. */
    private static JsonNode readJson(byte[] body) {
        if (body.length == 0) {
            throw ApiError.invalid(null, "the request body is empty; send a JSON object with model and prompt");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw ApiError.invalid(paramHoldingInvalidUtf8(body), "the request body is not valid UTF-8");
        }
        try {
            return Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw ApiError.invalid(null, "the request body is not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() != null ? " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")" : ""));
        }
    }

    /** The top-level parameter whose value has an invalid byte (read leniently, it shows as U+FFFD), or null. */
    private static String paramHoldingInvalidUtf8(byte[] body) {
        try {
            JsonNode root = Json.MAPPER.readTree(new String(body, StandardCharsets.UTF_8));
            for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().indexOf('\uFFFD') >= 0 || e.getValue().toString().indexOf('\uFFFD') >= 0) {
                    return e.getKey();
                }
            }
        } catch (JsonProcessingException | RuntimeException e) {
            // not JSON either: no parameter to name
        }
        return null;
    }

    private List<String> prompts(JsonNode v, Model model) {
        List<String> prompts = new ArrayList<>();
        if (v == null || v.isNull()) {
            throw ApiError.invalid("prompt", "prompt is required: the text to continue");
        } else if (v.isTextual()) {
            prompts.add(v.textValue());
        } else if (v.isArray() && !v.isEmpty()) {
            for (JsonNode p : v) {
                if (!p.isTextual()) {
                    throw ApiError.invalid("prompt", "prompt must be a string or an array of strings (token ids are not "
                            + "supported), not an array holding " + kind(p));
                }
                prompts.add(p.textValue());
            }
        } else {
            throw ApiError.invalid("prompt", "prompt must be a non-empty string or array of strings, not " + kind(v));
        }
        for (String p : prompts) {
            checkPrompt(p, model);
        }
        return prompts;
    }

    private void checkPrompt(String p, Model model) {
        if (p.isEmpty()) {
            throw ApiError.invalid("prompt", "prompt is empty; give some text for the model to continue");
        }
        if (p.length() > limits.maxPromptChars()) {
            throw ApiError.invalid("prompt", "prompt is " + p.length() + " characters long; this server takes at most "
                    + limits.maxPromptChars());
        }
        if (!model.hasUnknownToken()) {
            List<String> unknown = model.unknownPieces(p);
            if (!unknown.isEmpty()) {
                StringBuilder sb = new StringBuilder();
                for (String u : unknown.subList(0, Math.min(5, unknown.size()))) {
                    sb.append(sb.length() > 0 ? ", " : "").append(Text.quote(u, 20));
                }
                throw ApiError.invalid("prompt", "prompt has " + unknown.size() + " piece(s) the model's vocabulary lacks: "
                        + sb + (unknown.size() > 5 ? " ..." : "") + "; use only text like the model's training text");
            }
        }
        if (model.split(p).isEmpty()) {
            throw ApiError.invalid("prompt", "prompt gives no tokens with the model's tokenizer; give some text");
        }
    }

    private static List<String> stops(JsonNode v) {
        List<String> stops = new ArrayList<>();
        if (v == null || v.isNull()) {
            return stops;
        }
        if (v.isTextual()) {
            stops.add(v.textValue());
        } else if (v.isArray()) {
            for (JsonNode s : v) {
                if (!s.isTextual()) {
                    throw ApiError.invalid("stop", "stop must be a string or an array of strings, not an array holding " + kind(s));
                }
                stops.add(s.textValue());
            }
        } else {
            throw ApiError.invalid("stop", "stop must be a string or an array of strings, not " + kind(v));
        }
        if (stops.size() > MAX_STOPS) {
            throw ApiError.invalid("stop", "stop has " + stops.size() + " sequences; at most " + MAX_STOPS + " are allowed");
        }
        if (stops.contains("")) {
            throw ApiError.invalid("stop", "a stop sequence must not be empty");
        }
        return stops;
    }

    private static boolean streamOptions(JsonNode v, boolean stream) {
        if (v == null || v.isNull()) {
            return false;
        }
        if (!stream) {
            throw ApiError.invalid("stream_options", "stream_options is only allowed when stream is true");
        }
        if (!v.isObject()) {
            throw ApiError.invalid("stream_options", "stream_options must be an object, not " + kind(v));
        }
        for (Iterator<String> it = v.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!name.equals("include_usage")) {
                throw ApiError.invalid("stream_options", "stream_options has an unknown field " + Text.quote(name, 40));
            }
        }
        return bool(v, "include_usage", false, "stream_options");
    }

    private static String requiredString(JsonNode root, String name) {
        JsonNode v = root.get(name);
        if (v == null || v.isNull()) {
            throw ApiError.invalid(name, name + " is required");
        }
        if (!v.isTextual()) {
            throw ApiError.invalid(name, name + " must be a string, not " + kind(v));
        }
        return v.textValue();
    }

    private static int integer(JsonNode root, String name, int absent, int min, int max) {
        JsonNode v = root.get(name);
        if (v == null || v.isNull()) {
            return absent;
        }
        long x = longValue(v, name);
        if (x < min || x > max) {
            throw ApiError.invalid(name, name + " must be " + (max == Integer.MAX_VALUE ? "at least " + min
                    : "from " + min + " to " + max) + ", not " + x);
        }
        return (int) x;
    }

    private static long longValue(JsonNode v, String name) {
        if (!v.isIntegralNumber()) {
            throw ApiError.invalid(name, name + " must be an integer, not " + kind(v));
        }
        if (!v.canConvertToLong()) {
            throw ApiError.invalid(name, name + " is too large: " + Text.quote(v.asText(), 40));
        }
        return v.longValue();
    }

    /** A number in [min, max], or in (min, max] when {@code minIncluded} is false. */
    private static double number(JsonNode root, String name, double absent, double min, double max, boolean minIncluded) {
        JsonNode v = root.get(name);
        if (v == null || v.isNull()) {
            return absent;
        }
        if (!v.isNumber()) {
            throw ApiError.invalid(name, name + " must be a number, not " + kind(v));
        }
        double x = v.doubleValue();
        if (!(minIncluded ? x >= min : x > min) || !(x <= max)) {
            throw ApiError.invalid(name, name + " must be " + (minIncluded ? "from " + fmt(min) : "above " + fmt(min))
                    + " to " + fmt(max) + ", not " + Text.quote(v.asText(), 40));
        }
        return x;
    }

    private static boolean bool(JsonNode root, String name, boolean absent) {
        return bool(root, name, absent, name);
    }

    private static boolean bool(JsonNode root, String name, boolean absent, String param) {
        JsonNode v = root.get(name);
        if (v == null || v.isNull()) {
            return absent;
        }
        if (!v.isBoolean()) {
            throw ApiError.invalid(param, name + " must be true or false, not " + kind(v));
        }
        return v.booleanValue();
    }

    private static void neutral(JsonNode root, String name, java.util.function.Predicate<JsonNode> ok, String message) {
        JsonNode v = root.get(name);
        if (v != null && !ok.test(v)) {
            throw ApiError.invalid(name, message);
        }
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    /** "a string", "an array", ... as a message names a value's JSON type. */
    static String kind(JsonNode v) {
        switch (v.getNodeType()) {
            case STRING:
                return "a string";
            case NUMBER:
                return "a number (" + Text.quote(v.asText(), 40) + ")";
            case BOOLEAN:
                return v.asText();
            case ARRAY:
                return "an array";
            case OBJECT:
                return "an object";
            case NULL:
                return "null";
            default:
                return "a " + v.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
