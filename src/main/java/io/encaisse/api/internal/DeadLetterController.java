package io.encaisse.api.internal;

import io.encaisse.shared.DeadLetter;
import io.encaisse.shared.DeadLetterLog;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.List;
import java.util.UUID;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** What failed for good inside the hub, and why: the operator's first stop. */
@RestController
@Validated
class DeadLetterController {

    private final DeadLetterLog log;

    DeadLetterController(DeadLetterLog log) {
        this.log = log;
    }

    record Page(List<DeadLetter> items, String nextCursor) {
    }

    @GetMapping("/api/v1/dead-letters")
    Page deadLetters(@RequestParam(required = false) String routeId,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int limit,
            @RequestParam(required = false) UUID cursor) {
        List<DeadLetter> items = log.recent(routeId, limit, cursor);
        return new Page(items, items.size() == limit ? items.get(items.size() - 1).id().toString() : null);
    }
}
