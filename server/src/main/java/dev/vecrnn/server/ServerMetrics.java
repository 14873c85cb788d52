package dev.vecrnn.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The server's Prometheus metrics, kept by Micrometer: requests by route and status, request
 * latency and time to first token as histograms, tokens generated per model, requests and
 * generations in flight, generations waiting for a slot, clients that went away mid-stream.
 */
final class ServerMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger generating = new AtomicInteger();
    private final Timer firstToken;
    private final Counter disconnects;

    ServerMetrics(GenerationSlots slots) {
        registry.gauge("vecrnn_requests_in_flight", inFlight);
        registry.gauge("vecrnn_generations_queued", slots, GenerationSlots::queued);
        registry.gauge("vecrnn_generations_in_flight", generating);
        firstToken = Timer.builder("vecrnn_time_to_first_token").description("from request start to the first streamed text")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
        disconnects = Counter.builder("vecrnn_client_disconnects").description("streams whose client went away before the end")
                .register(registry);
    }

    void requestStarted() {
        inFlight.incrementAndGet();
    }

    /** A request to {@code route} ended with {@code status} after {@code nanos}. */
    void requestEnded(String route, int status, long nanos) {
        inFlight.decrementAndGet();
        Counter.builder("vecrnn_requests").description("HTTP requests by route and status")
                .tag("route", route).tag("status", Integer.toString(status)).register(registry).increment();
        Timer.builder("vecrnn_request_duration").description("HTTP request latency by route").tag("route", route)
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(120))
                .register(registry).record(nanos, TimeUnit.NANOSECONDS);
    }

    void generationStarted() {
        generating.incrementAndGet();
    }

    void generationEnded() {
        generating.decrementAndGet();
    }

    void firstToken(long nanos) {
        firstToken.record(nanos, TimeUnit.NANOSECONDS);
    }

    void tokensGenerated(String model, int tokens) {
        Counter.builder("vecrnn_tokens_generated").description("tokens drawn by the models").tag("model", model)
                .register(registry).increment(tokens);
    }

    void disconnected() {
        disconnects.increment();
    }

    /** The Prometheus text exposition. */
    String scrape() {
        return registry.scrape();
    }
}
