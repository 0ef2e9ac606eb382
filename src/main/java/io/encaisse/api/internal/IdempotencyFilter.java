package io.encaisse.api.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.encaisse.shared.Hashes;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * Honours {@code Idempotency-Key} on JSON writes: the first answer to a key is stored and replayed for a retry of
 * the same request (header {@code Idempotent-Replayed: true}); the same key with another request is a 422, and a
 * retry while the first is still running is a 409. Keys are scoped to the API key and kept
 * {@code encaisse.api.idempotency-key-retention}. Bank file uploads are deduplicated by the file's hash instead.
 */
class IdempotencyFilter extends OncePerRequestFilter {

    static final String HEADER = "Idempotency-Key";
    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");
    private static final int MAX_BODY = 64 * 1024 * 1024;

    private final IdempotencyKeys keys;
    private final ObjectMapper json;

    IdempotencyFilter(IdempotencyKeys keys, ObjectMapper json) {
        this.keys = keys;
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return request.getHeader(HEADER) == null || !WRITES.contains(request.getMethod());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String key = request.getHeader(HEADER);
        String type = request.getContentType();
        if (key.isBlank() || key.length() > 255) {
            problem(request, response, HttpStatus.BAD_REQUEST, "invalid-idempotency-key", "Idempotency-Key must be 1 to 255 characters.");
            return;
        }
        if (type != null && !type.toLowerCase().startsWith("application/json")) {
            problem(request, response, HttpStatus.BAD_REQUEST, "invalid-idempotency-key",
                    "Idempotency-Key is honoured on JSON requests; bank files are deduplicated by their content instead.");
            return;
        }
        byte[] body = request.getInputStream().readNBytes(MAX_BODY + 1);
        if (body.length > MAX_BODY) {
            problem(request, response, HttpStatus.PAYLOAD_TOO_LARGE, "too-large", "A JSON request body is limited to 64 MB.");
            return;
        }
        UUID apiKey = (UUID) request.getAttribute(ApiKeyFilter.KEY_ID_ATTRIBUTE);
        String path = request.getRequestURI() + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
        String hash = hash(request.getMethod(), path, body);

        if (!keys.claim(apiKey, key, request.getMethod(), path, hash)) {
            Optional<IdempotencyKeys.Stored> stored = keys.find(apiKey, key);
            if (stored.isEmpty()) { // released between our claim and lookup: the client may simply retry
                problem(request, response, HttpStatus.CONFLICT, "idempotency-key-in-use", "Retry this request.");
            } else if (!stored.get().requestHash().equals(hash)) {
                problem(request, response, HttpStatus.UNPROCESSABLE_ENTITY, "idempotency-key-reused",
                        "This Idempotency-Key was used for a different request.");
            } else if (!"COMPLETED".equals(stored.get().status())) {
                problem(request, response, HttpStatus.CONFLICT, "idempotency-key-in-use",
                        "A request with this Idempotency-Key is still being processed.");
            } else {
                replay(stored.get(), response);
            }
            return;
        }
        ContentCachingResponseWrapper wrapped = new ContentCachingResponseWrapper(response);
        boolean stored = false;
        try {
            chain.doFilter(new BufferedRequest(request, body), wrapped);
            if (wrapped.getStatus() < 500) {
                keys.complete(apiKey, key, wrapped.getStatus(), wrapped.getContentType(), wrapped.getContentAsByteArray(),
                        wrapped.getHeader("Location"));
                stored = true;
            }
        } finally {
            if (!stored) {
                keys.release(apiKey, key);
            }
            wrapped.copyBodyToResponse();
        }
    }

    private static void replay(IdempotencyKeys.Stored stored, HttpServletResponse response) throws IOException {
        response.setStatus(stored.responseStatus());
        response.setHeader("Idempotent-Replayed", "true");
        if (stored.responseType() != null) {
            response.setContentType(stored.responseType());
        }
        if (stored.location() != null) {
            response.setHeader("Location", stored.location());
        }
        if (stored.responseBody() != null) {
            response.getOutputStream().write(stored.responseBody());
        }
    }

    private void problem(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String type, String detail)
            throws IOException {
        ProblemDetail p = ProblemHandler.problem(status, type, status.getReasonPhrase(), detail);
        p.setInstance(URI.create(request.getRequestURI()));
        response.setStatus(status.value());
        response.setContentType("application/problem+json");
        json.writeValue(response.getOutputStream(), p);
    }

    private static String hash(String method, String path, byte[] body) {
        MessageDigest d = Hashes.sha256();
        d.update((method + " " + path + "\n").getBytes(StandardCharsets.UTF_8));
        d.update(body);
        return HexFormat.of().formatHex(d.digest());
    }

    /** The body was read to hash it: hand the same bytes to the controller. */
    private static final class BufferedRequest extends HttpServletRequestWrapper {
        private final byte[] body;

        BufferedRequest(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("synchronous only");
                }

                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }
            };
        }

        @Override
        public java.io.BufferedReader getReader() {
            return new java.io.BufferedReader(new java.io.InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
        }
    }
}
