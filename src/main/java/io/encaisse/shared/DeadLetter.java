package io.encaisse.shared;

import java.time.Instant;
import java.util.UUID;

/** An exchange that failed for good, with the reason, as recorded by the shared Camel error handling. */
public record DeadLetter(UUID id, String routeId, String source, Instant failedAt, String exceptionType, String reason,
                         String payloadExcerpt) {
}
