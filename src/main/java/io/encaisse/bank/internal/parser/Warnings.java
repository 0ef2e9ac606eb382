package io.encaisse.bank.internal.parser;

import java.util.ArrayList;
import java.util.List;

/** Collects warnings of one parse, capped so a pathological file cannot exhaust memory. */
final class Warnings {
    private static final int MAX = 500;
    private final List<String> list = new ArrayList<>();
    private int suppressed;

    void add(String warning) {
        if (list.size() < MAX) {
            list.add(warning);
        } else {
            suppressed++;
        }
    }

    List<String> list() {
        List<String> out = new ArrayList<>(list);
        if (suppressed > 0) {
            out.add(suppressed + " further warnings suppressed");
        }
        return out;
    }
}
