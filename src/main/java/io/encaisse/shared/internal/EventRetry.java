package io.encaisse.shared.internal;

import io.encaisse.shared.HubProperties;
import org.springframework.modulith.events.IncompleteEventPublications;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The event publication registry is our outbox: a listener that failed (or was cut off by a crash)
 * leaves its publication incomplete, and this resubmits it. Listeners are therefore idempotent.
 */
@Component
class EventRetry {

    private final IncompleteEventPublications incomplete;
    private final HubProperties hub;

    EventRetry(IncompleteEventPublications incomplete, HubProperties hub) {
        this.incomplete = incomplete;
        this.hub = hub;
    }

    @Scheduled(fixedDelayString = "${encaisse.hub.event-retry-every:PT1M}", initialDelayString = "PT30S")
    void resubmit() {
        incomplete.resubmitIncompletePublicationsOlderThan(hub.eventRetryAfter());
    }
}
