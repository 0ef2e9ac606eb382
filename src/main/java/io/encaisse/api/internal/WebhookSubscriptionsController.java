package io.encaisse.api.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.encaisse.webhooks.NewWebhookSubscription;
import io.encaisse.webhooks.WebhookDeliveryView;
import io.encaisse.webhooks.WebhookSubscriptionView;
import io.encaisse.webhooks.WebhookSubscriptions;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Outgoing webhook subscriptions and their deliveries. The secret is returned once, on creation. */
@RestController
class WebhookSubscriptionsController {

    static final String BASE = "/api/v1/webhook-subscriptions";

    private final WebhookSubscriptions subscriptions;

    WebhookSubscriptionsController(WebhookSubscriptions subscriptions) {
        this.subscriptions = subscriptions;
    }

    record SubscriptionBody(
            @NotBlank @Size(max = 2048) String url,
            @NotEmpty @Size(max = 16) List<@NotBlank @Size(max = 64) String> eventTypes,
            @Size(max = 255) String description) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record SubscriptionDto(String subscriptionId, String url, List<String> eventTypes, String description, boolean enabled,
                           String disabledReason, String secret, Instant createdAt) {
        static SubscriptionDto of(WebhookSubscriptionView v, String secret) {
            return new SubscriptionDto(v.id().toString(), v.url(), v.eventTypes(), v.description(), v.enabled(),
                    v.disabledReason(), secret, v.createdAt());
        }
    }

    record SubscriptionList(List<SubscriptionDto> items) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record DeliveryDto(String deliveryId, String eventType, String status, int attempts, Integer lastStatus, String lastError,
                       Instant lastAttemptAt, Instant nextAttemptAt, Instant createdAt, Instant deliveredAt) {
        static DeliveryDto of(WebhookDeliveryView d) {
            return new DeliveryDto(d.messageId(), d.eventType(), d.status().name(), d.attempts(), d.lastStatus(), d.lastError(),
                    d.lastAttemptAt(), d.nextAttemptAt(), d.createdAt(), d.deliveredAt());
        }
    }

    record DeliveryList(List<DeliveryDto> items) {
    }

    @PostMapping(BASE)
    ResponseEntity<SubscriptionDto> create(@Valid @RequestBody SubscriptionBody body) {
        NewWebhookSubscription created = subscriptions.create(body.url(), body.eventTypes(), body.description());
        WebhookSubscriptionView v = created.subscription();
        return ResponseEntity.status(HttpStatus.CREATED)
                .location(URI.create(BASE + "/" + v.id()))
                .body(SubscriptionDto.of(v, created.secret()));
    }

    @GetMapping(BASE)
    SubscriptionList list() {
        return new SubscriptionList(subscriptions.list().stream().map(v -> SubscriptionDto.of(v, null)).toList());
    }

    @GetMapping(BASE + "/{subscriptionId}")
    SubscriptionDto get(@PathVariable String subscriptionId) {
        return SubscriptionDto.of(find(subscriptionId), null);
    }

    @DeleteMapping(BASE + "/{subscriptionId}")
    ResponseEntity<Void> delete(@PathVariable String subscriptionId) {
        if (!subscriptions.delete(idOf(subscriptionId))) {
            throw notFound(subscriptionId);
        }
        return ResponseEntity.noContent().build();
    }

    /** @param gracePeriodSeconds how long the previous secret keeps signing; 0 revokes it at once; absent: the default */
    record RotationBody(Long gracePeriodSeconds) {
    }

    record RotationDto(String secret, java.time.Instant previousSecretValidUntil) {
    }

    @PostMapping(BASE + "/{subscriptionId}/secret-rotations")
    ResponseEntity<RotationDto> rotateSecret(@PathVariable String subscriptionId,
            @RequestBody(required = false) RotationBody body) {
        java.time.Duration grace = body == null || body.gracePeriodSeconds() == null ? null
                : java.time.Duration.ofSeconds(body.gracePeriodSeconds());
        io.encaisse.webhooks.RotatedWebhookSecret rotated = subscriptions.rotateSecret(idOf(subscriptionId), grace)
                .orElseThrow(() -> notFound(subscriptionId));
        return ResponseEntity.status(HttpStatus.CREATED).body(new RotationDto(rotated.secret(), rotated.previousSecretValidUntil()));
    }

    @GetMapping(BASE + "/{subscriptionId}/deliveries")
    DeliveryList deliveries(@PathVariable String subscriptionId, @RequestParam(defaultValue = "50") int limit) {
        WebhookSubscriptionView v = find(subscriptionId);
        return new DeliveryList(subscriptions.deliveries(v.id(), limit).stream().map(DeliveryDto::of).toList());
    }

    private WebhookSubscriptionView find(String subscriptionId) {
        return subscriptions.get(idOf(subscriptionId)).orElseThrow(() -> notFound(subscriptionId));
    }

    private static UUID idOf(String subscriptionId) {
        try {
            return UUID.fromString(subscriptionId);
        } catch (IllegalArgumentException e) {
            throw notFound(subscriptionId);
        }
    }

    private static ProblemHandler.NotFound notFound(String subscriptionId) {
        return new ProblemHandler.NotFound("No webhook subscription '" + subscriptionId + "'");
    }
}
