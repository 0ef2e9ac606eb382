package io.encaisse.webhooks.internal;

import io.encaisse.webhooks.NewWebhookSubscription;
import io.encaisse.webhooks.WebhookDeliveryView;
import io.encaisse.webhooks.WebhookEventTypes;
import io.encaisse.webhooks.WebhookSubscriptionView;
import io.encaisse.webhooks.WebhookSubscriptions;
import io.encaisse.webhooks.internal.delivery.EndpointGuard;
import io.encaisse.webhooks.internal.delivery.WebhookSecret;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

@Service
class WebhookSubscriptionService implements WebhookSubscriptions {

    static final int MAX_URL = 2048;
    static final int MAX_DESCRIPTION = 255;

    private final WebhookStore store;
    private final EndpointGuard guard;
    private final Clock clock;

    private final java.time.Duration defaultGrace;

    WebhookSubscriptionService(WebhookStore store, EndpointGuard webhookEndpointGuard, Clock clock,
            io.encaisse.webhooks.WebhooksProperties props) {
        this.store = store;
        this.guard = webhookEndpointGuard;
        this.clock = clock;
        this.defaultGrace = props.secretRotationGrace();
    }

    @Override
    @Transactional
    public Optional<io.encaisse.webhooks.RotatedWebhookSecret> rotateSecret(UUID id, java.time.Duration gracePeriod) {
        java.time.Duration grace = gracePeriod == null ? defaultGrace : gracePeriod;
        if (grace.isNegative() || grace.compareTo(MAX_ROTATION_GRACE) > 0) {
            throw new IllegalArgumentException("The grace period must be between 0 and " + MAX_ROTATION_GRACE.toSeconds()
                    + " seconds");
        }
        WebhookSecret secret = WebhookSecret.generate();
        java.time.Instant until = grace.isZero() ? null : clock.instant().plus(grace);
        return store.rotateSecret(id, secret.value(), until)
                ? Optional.of(new io.encaisse.webhooks.RotatedWebhookSecret(secret.value(), until)) : Optional.empty();
    }

    @Override
    @Transactional
    public NewWebhookSubscription create(String url, List<String> eventTypes, String description) {
        URI uri = checkUrl(url);
        List<String> types = checkEventTypes(eventTypes);
        String desc = description == null || description.isBlank() ? null : description.strip();
        if (desc != null && desc.length() > MAX_DESCRIPTION) {
            throw new IllegalArgumentException("Description must be at most " + MAX_DESCRIPTION + " characters");
        }
        UUID id = UUID.randomUUID();
        WebhookSecret secret = WebhookSecret.generate();
        store.insertSubscription(id, uri.toString(), types, secret.value(), desc, clock.instant());
        WebhookSubscriptionView view = store.subscription(id).orElseThrow().view();
        return new NewWebhookSubscription(view, secret.value());
    }

    private URI checkUrl(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("Webhook URL is required");
        }
        if (url.length() > MAX_URL) {
            throw new IllegalArgumentException("Webhook URL must be at most " + MAX_URL + " characters");
        }
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("Webhook URL is not a valid URI: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || uri.isOpaque() || !(scheme.equals("http") || scheme.equals("https"))) {
            throw new IllegalArgumentException("Webhook URL must be an absolute http(s) URL");
        }
        if (uri.getRawFragment() != null) {
            throw new IllegalArgumentException("Webhook URL must not have a fragment (#...)");
        }
        try {
            guard.check(uri); // UnsafeEndpointException is an IllegalArgumentException with the reason
        } catch (UncheckedIOException e) {
            throw new IllegalArgumentException("Webhook URL host '" + uri.getHost() + "' does not resolve");
        }
        return uri;
    }

    private static List<String> checkEventTypes(List<String> eventTypes) {
        if (eventTypes == null || eventTypes.isEmpty()) {
            throw new IllegalArgumentException("At least one event type is required; known types: " + WebhookEventTypes.ALL);
        }
        List<String> types = new ArrayList<>();
        for (String type : eventTypes) {
            if (type == null || !WebhookEventTypes.isKnown(type)) {
                throw new IllegalArgumentException("Unknown event type '" + type + "'; known types: " + WebhookEventTypes.ALL);
            }
            if (!types.contains(type)) {
                types.add(type);
            }
        }
        return List.copyOf(types);
    }

    @Override
    @Transactional(readOnly = true)
    public List<WebhookSubscriptionView> list() {
        return store.subscriptions().stream().map(WebhookStore.Subscription::view).toList();
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<WebhookSubscriptionView> get(UUID id) {
        return store.subscription(id).map(WebhookStore.Subscription::view);
    }

    @Override
    @Transactional
    public boolean delete(UUID id) {
        if (!store.markDeleted(id, "Deleted through the API", clock.instant())) {
            return false;
        }
        store.cancelPending(id, "Subscription deleted");
        return true;
    }

    @Override
    @Transactional(readOnly = true)
    public List<WebhookDeliveryView> deliveries(UUID subscriptionId, int limit) {
        if (limit < 1 || limit > MAX_DELIVERIES) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_DELIVERIES);
        }
        return store.deliveries(subscriptionId, limit);
    }
}
