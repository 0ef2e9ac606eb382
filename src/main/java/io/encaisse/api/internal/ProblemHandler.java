package io.encaisse.api.internal;

import io.encaisse.invoices.UnknownCustomerException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.lang.Nullable;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/** RFC 9457 problem details for every error at the API edge. */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    static final String TYPE_BASE = "https://encaisse.io/problems/";

    static ProblemDetail problem(HttpStatus status, String type, String title, String detail) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
        p.setType(URI.create(TYPE_BASE + type));
        p.setTitle(title);
        return p;
    }

    @ExceptionHandler(NotFound.class)
    ProblemDetail notFound(NotFound e) {
        return problem(HttpStatus.NOT_FOUND, "not-found", "Not found", e.getMessage());
    }

    @ExceptionHandler(UnknownCustomerException.class)
    ProblemDetail unknownCustomer(UnknownCustomerException e) {
        return problem(HttpStatus.UNPROCESSABLE_ENTITY, "unknown-customer", "Unknown customer", e.getMessage());
    }

    @ExceptionHandler(io.encaisse.invoices.UnknownInvoiceException.class)
    ProblemDetail unknownInvoice(io.encaisse.invoices.UnknownInvoiceException e) {
        return problem(HttpStatus.UNPROCESSABLE_ENTITY, "unknown-invoice", "Unknown invoice", e.getMessage());
    }

    @ExceptionHandler(Conflict.class)
    ProblemDetail conflict(Conflict e) {
        ProblemDetail p = problem(HttpStatus.CONFLICT, e.type(), "Conflict", e.getMessage());
        e.properties().forEach(p::setProperty);
        return p;
    }

    @ExceptionHandler(BankController.Rejected.class)
    ProblemDetail rejectedStatement(BankController.Rejected e) {
        ProblemDetail p = problem(HttpStatus.UNPROCESSABLE_ENTITY, "rejected-statement", "Bank file rejected", e.getMessage());
        p.setProperty("importId", e.outcome.importId().toString());
        return p;
    }

    @ExceptionHandler(jakarta.validation.ConstraintViolationException.class)
    ProblemDetail invalidConstraint(jakarta.validation.ConstraintViolationException e) {
        return problem(HttpStatus.BAD_REQUEST, "validation", "Invalid request parameter", e.getMessage());
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail invalid(IllegalArgumentException e) {
        return problem(HttpStatus.UNPROCESSABLE_ENTITY, "invalid-request", "Invalid request", e.getMessage());
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        ProblemDetail p = problem(HttpStatus.BAD_REQUEST, "validation", "Invalid request body",
                "The request body has " + ex.getErrorCount() + " invalid field(s).");
        List<Map<String, String>> errors = ex.getFieldErrors().stream()
                .map(f -> Map.of("field", f.getField(), "message", String.valueOf(f.getDefaultMessage())))
                .toList();
        p.setProperty("errors", errors);
        return handleExceptionInternal(ex, p, headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> createResponseEntity(@Nullable Object body, HttpHeaders headers, HttpStatusCode statusCode,
            WebRequest request) {
        if (body instanceof ProblemDetail p && p.getType() != null && "about:blank".equals(p.getType().toString())) {
            p.setType(URI.create(TYPE_BASE + "http-" + statusCode.value()));
        }
        return super.createResponseEntity(body, headers, statusCode, request);
    }

    /** A resource the request names does not exist. */
    static final class NotFound extends RuntimeException {
        NotFound(String message) {
            super(message);
        }
    }

    /** The request conflicts with what the hub already holds. */
    static final class Conflict extends RuntimeException {
        private final String type;
        private final Map<String, Object> properties;

        Conflict(String type, String message, Map<String, Object> properties) {
            super(message);
            this.type = type;
            this.properties = properties;
        }

        String type() {
            return type;
        }

        Map<String, Object> properties() {
            return properties;
        }
    }
}
