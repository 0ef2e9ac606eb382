package io.encaisse.dunning;

import io.encaisse.invoices.CustomerId;

/** Payment reminders. */
public interface Dunning {

    /** Runs dunning for today's business date; safe to run any number of times a day. */
    DunningRunResult run(String trigger);

    DunningStage stageOf(CustomerId customer);
}
