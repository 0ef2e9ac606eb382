package io.encaisse.webhooks.internal.delivery;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * Makes one Standard Webhooks delivery attempt with the JDK {@link HttpClient}: never follows
 * redirects, 5 s connect timeout, configurable request timeout (default 15 s), and at most
 * {@value #MAX_RESPONSE_BYTES} bytes of the response body kept (in the failure reason).
 * Never throws for network or HTTP problems: they become a {@link DeliveryOutcome.Failed}.
 * Thread-safe; share one instance.
 *
 * <p><b>SSRF and DNS rebinding.</b> The URL is checked by the {@link EndpointGuard} right before
 * each attempt. The JDK HttpClient (Java 17) has no hook to connect to a pre-resolved address: it
 * resolves the host again itself, and rewriting the URL to the IP literal would break TLS
 * hostname verification/SNI and needs the restricted {@code Host} header. Both lookups go through
 * {@link java.net.InetAddress} and its positive cache ({@code networkaddress.cache.ttl}, 30 s by
 * default), so the client normally reuses exactly the vetted answer; the remaining window is a
 * cache entry expiring between the check and the connect (or a TTL of 0), which a rebinding DNS
 * server with TTL 0 could exploit. IP-literal URLs have no such window. Close it at the network
 * layer (egress proxy such as smokescreen, or a firewall for the worker subnet), or with a client
 * that accepts a custom resolver.
 */
public final class WebhookHttpSender {

    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(15);
    public static final int MAX_RESPONSE_BYTES = 20_000;
    public static final String USER_AGENT = "Encaisse-Webhooks/1";

    /** Extra time, beyond connect + request timeout, allowed for reading the (capped) body. */
    private static final Duration BODY_GRACE = Duration.ofSeconds(2);

    private final EndpointGuard guard;
    private final Duration requestTimeout;
    private final Clock clock;
    private final WebhookSigner signer = new WebhookSigner();
    private final HttpClient client;

    public WebhookHttpSender(EndpointGuard guard) {
        this(guard, DEFAULT_REQUEST_TIMEOUT);
    }

    public WebhookHttpSender(EndpointGuard guard, Duration requestTimeout) {
        this(guard, requestTimeout, Clock.systemUTC());
    }

    /** @param clock used only to turn an HTTP-date {@code Retry-After} into a delay */
    public WebhookHttpSender(EndpointGuard guard, Duration requestTimeout, Clock clock) {
        this.guard = Objects.requireNonNull(guard, "guard");
        this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("Request timeout must be positive: " + requestTimeout);
        }
        this.clock = Objects.requireNonNull(clock, "clock");
        this.client = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(CONNECT_TIMEOUT)
                // plain HTTP/1.1: no h2c upgrade dance with arbitrary receivers
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    public Duration requestTimeout() {
        return requestTimeout;
    }

    /**
     * One attempt. {@code webhook-timestamp} is the attempt time in unix seconds, and the signature
     * covers exactly {@code body}.
     *
     * @param secrets the endpoint's active secrets (several during a rotation), not empty
     * @throws IllegalArgumentException for a bad msgId or no secrets (caller bugs, not delivery failures)
     */
    public DeliveryOutcome send(URI url, String msgId, Instant attemptTime, byte[] body, List<WebhookSecret> secrets) {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(attemptTime, "attemptTime");
        Objects.requireNonNull(body, "body");
        long timestamp = attemptTime.getEpochSecond();
        String signature = signer.sign(secrets, msgId, timestamp, body);

        try {
            guard.check(url); // again, right before sending: DNS may have changed since the URL was saved
        } catch (UnsafeEndpointException e) {
            return new DeliveryOutcome.Failed(null, "Blocked by the SSRF policy: " + e.getMessage(), false, null, false);
        } catch (UncheckedIOException e) {
            return DeliveryOutcome.Failed.network(e.getMessage());
        }

        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(requestTimeout)
                .header("content-type", "application/json")
                .header("webhook-id", msgId)
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", signature)
                .header("user-agent", USER_AGENT)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();

        long start = System.nanoTime();
        CompletableFuture<HttpResponse<byte[]>> future =
                client.sendAsync(request, info -> new CappedBodySubscriber(
                        // 2xx: the body is irrelevant, so a receiver cannot hold the worker by trickling it
                        info.statusCode() / 100 == 2 ? 0 : MAX_RESPONSE_BYTES));
        HttpResponse<byte[]> response;
        Duration deadline = CONNECT_TIMEOUT.plus(requestTimeout).plus(BODY_GRACE);
        try {
            response = future.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            return DeliveryOutcome.Failed.network("No complete response within " + deadline.toMillis() + " ms");
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            return DeliveryOutcome.Failed.network("Interrupted while waiting for the response");
        } catch (ExecutionException e) {
            return DeliveryOutcome.Failed.network(describe(e.getCause()));
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        byte[] bytes = response.body() == null ? new byte[0] : response.body();
        String snippet = new String(bytes, StandardCharsets.UTF_8);
        return ResponseClassifier.classify(response.statusCode(),
                response.headers().firstValue("retry-after").orElse(null),
                response.headers().firstValue("location").orElse(null),
                snippet, took, clock.instant());
    }

    private String describe(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        String detail = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        if (t instanceof HttpConnectTimeoutException) {
            return "Connect timed out after " + CONNECT_TIMEOUT.toMillis() + " ms: " + detail;
        }
        if (t instanceof HttpTimeoutException) {
            return "Request timed out after " + requestTimeout.toMillis() + " ms: " + detail;
        }
        if (t instanceof ConnectException) {
            return "Connection failed: " + detail;
        }
        if (t instanceof SSLException) {
            return "TLS failure: " + detail;
        }
        if (t instanceof IOException) {
            return "Network error: " + t.getClass().getSimpleName() + ": " + detail;
        }
        return "Unexpected error: " + t.getClass().getName() + ": " + detail;
    }

    /** Keeps the first {@code limit} bytes, then cancels the stream. */
    static final class CappedBodySubscriber implements HttpResponse.BodySubscriber<byte[]> {
        private final int limit;
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private Flow.Subscription subscription;

        CappedBodySubscriber(int limit) {
            this.limit = limit;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            this.subscription = s;
            if (limit <= 0) {
                result.complete(new byte[0]);
                s.cancel();
                return;
            }
            s.request(1);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (result.isDone()) {
                return;
            }
            for (ByteBuffer buffer : items) {
                int take = Math.min(buffer.remaining(), limit - out.size());
                byte[] chunk = new byte[take];
                buffer.get(chunk);
                out.write(chunk, 0, take);
                if (out.size() >= limit) {
                    result.complete(out.toByteArray());
                    subscription.cancel();
                    return;
                }
            }
            subscription.request(1);
        }

        @Override
        public void onError(Throwable throwable) {
            result.completeExceptionally(throwable);
        }

        @Override
        public void onComplete() {
            result.complete(out.toByteArray());
        }
    }
}
