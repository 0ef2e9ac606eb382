package io.encaisse.api.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;

/** Every /api/** call needs {@code Authorization: Bearer <key>}; anything else is a 401 problem. */
class ApiKeyFilter extends OncePerRequestFilter {

    static final String KEY_ID_ATTRIBUTE = "encaisse.apiKeyId";

    /** The API key this filter authenticated for the request: who acted, for audit trails. */
    static String actor(jakarta.servlet.http.HttpServletRequest request) {
        return String.valueOf(request.getAttribute(KEY_ID_ATTRIBUTE));
    }

    private final ApiKeys keys;
    private final ObjectMapper json;

    ApiKeyFilter(ApiKeys keys, ObjectMapper json) {
        this.keys = keys;
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        Optional<UUID> keyId = Optional.empty();
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String key = header.substring(7).trim();
            if (!key.isEmpty()) {
                keyId = keys.authenticate(key);
            }
        }
        if (keyId.isEmpty()) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED,
                    header == null ? "Send an API key as 'Authorization: Bearer <key>'." : "The API key is unknown or revoked.");
            problem.setTitle("Unauthorized");
            problem.setType(URI.create("https://encaisse.io/problems/unauthorized"));
            problem.setInstance(URI.create(request.getRequestURI()));
            response.setStatus(401);
            response.setHeader("WWW-Authenticate", "Bearer realm=\"encaisse\"");
            response.setContentType("application/problem+json");
            json.writeValue(response.getOutputStream(), problem);
            return;
        }
        request.setAttribute(KEY_ID_ATTRIBUTE, keyId.get());
        chain.doFilter(request, response);
    }
}
