package io.encaisse.dunning;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * @param enabled run the daily job (the API trigger works either way)
 * @param schedule Quartz cron expression of the daily run, in the hub's business zone
 * @param from the sender address of reminder emails
 * @param mailUri where emails go: smtp://… to send, file:… to write .eml files (local mode)
 * @param sendEvery how often pending emails are handed to the mail endpoint (Camel duration: 10s, 1m)
 * @param levels days past due at which each level is reached
 */
@Validated
@ConfigurationProperties("encaisse.dunning")
public record DunningProperties(
        boolean enabled,
        @NotBlank String schedule,
        @NotBlank String from,
        @NotBlank String mailUri,
        @NotBlank String sendEvery,
        @NotEmpty List<@Valid Level> levels) {

    public record Level(@Min(1) int level, @Min(0) int daysOverdue) {
    }
}
