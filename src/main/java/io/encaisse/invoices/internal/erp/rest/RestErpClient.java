package io.encaisse.invoices.internal.erp.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.encaisse.invoices.ErpProperties;
import io.encaisse.shared.PermanentFailure;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GET with the configured credentials header. 200: the JSON body (numbers as BigDecimal: amounts never pass through a
 * double). 429 or 503 with a Retry-After no longer than {@code max-retry-after}: waits that long and asks again (a few
 * times). No answer, 5xx, or a longer wait: {@link RestErpUnavailableException} (the route retries with backoff).
 * 401/403 and other 4xx: {@link PermanentFailure} (retrying cannot fix credentials or a wrong URL).
 */
public class RestErpClient {

    private static final Logger log = LoggerFactory.getLogger(RestErpClient.class);
    static final int MAX_WAITS = 3;

    private final ErpProperties.Rest config;
    private final Clock clock;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    public RestErpClient(ErpProperties.Rest config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public JsonNode get(URI uri) {
        for (int attempt = 0; ; attempt++) {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(config.requestTimeout())
                    .header("Accept", "application/json").header("User-Agent", "Encaisse ERP connector").GET();
            if (config.authValue() != null && !config.authValue().isBlank()) {
                request.header(config.authHeader(), config.authValue());
            }
            HttpResponse<String> response;
            try {
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new RestErpUnavailableException("The ERP at " + uri.getHost() + " did not answer GET " + uri.getPath() + ": " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RestErpUnavailableException("Interrupted while calling the ERP", e);
            }
            int status = response.statusCode();
            if (status == 200) {
                try {
                    return json.readTree(response.body());
                } catch (JsonProcessingException e) {
                    throw new RestErpUnavailableException("The ERP answered GET " + uri.getPath() + " with something that is not JSON: "
                            + abbreviate(response.body()), e);
                }
            }
            if (status == 429 || status == 503) {
                Duration wait = retryAfter(response.headers().firstValue("Retry-After").orElse(null));
                if (wait != null && wait.compareTo(config.maxRetryAfter()) <= 0 && attempt < MAX_WAITS) {
                    log.info("The ERP answered {} to GET {}: waiting {} as its Retry-After asks", status, uri.getPath(), wait);
                    sleep(wait);
                    continue;
                }
                throw new RestErpUnavailableException("The ERP answered HTTP " + status + " to GET " + uri.getPath()
                        + (wait == null ? "" : " (Retry-After " + wait + ")"));
            }
            if (status >= 500) {
                throw new RestErpUnavailableException("The ERP answered HTTP " + status + " to GET " + uri.getPath() + ": "
                        + abbreviate(response.body()));
            }
            if (status == 401 || status == 403) {
                throw new PermanentFailure("The ERP refused the credentials (HTTP " + status + " to GET " + uri.getPath()
                        + "): check encaisse.erp.rest.auth-header and ENCAISSE_ERP_REST_AUTH_VALUE");
            }
            throw new PermanentFailure("The ERP answered HTTP " + status + " to GET " + uri + ": " + abbreviate(response.body()));
        }
    }

    /** Retry-After: delay-seconds or an HTTP-date (RFC 9110 10.2.3); null when absent or unreadable. */
    Duration retryAfter(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        if (v.matches("\\d{1,9}")) {
            return Duration.ofSeconds(Long.parseLong(v));
        }
        try {
            Duration d = Duration.between(clock.instant(), ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            return d.isNegative() ? Duration.ZERO : d;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RestErpUnavailableException("Interrupted while waiting for the ERP's Retry-After", e);
        }
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }
}
