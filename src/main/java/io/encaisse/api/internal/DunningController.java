package io.encaisse.api.internal;

import io.encaisse.dunning.Dunning;
import io.encaisse.dunning.DunningRunResult;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
class DunningController {

    private final Dunning dunning;

    DunningController(Dunning dunning) {
        this.dunning = dunning;
    }

    /** Runs dunning now, as the daily job does; running it again the same day sends nothing twice. */
    @PostMapping("/api/v1/dunning/runs")
    @ResponseStatus(HttpStatus.CREATED)
    DunningRunResult run() {
        return dunning.run("API");
    }
}
