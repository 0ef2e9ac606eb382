package io.encaisse.reconciliation.internal.domain;

import java.util.ArrayList;
import java.util.List;

/** Which of a few amounts add up to a target: a bounded search that stops at the second answer (ambiguity). */
public final class SubsetSum {

    /** More invoices than this and only single invoices are considered: 2^20 subsets is the most we try. */
    public static final int MAX_ITEMS = 20;

    private SubsetSum() {
    }

    /**
     * @param amounts positive amounts in minor units
     * @return the index sets (each ascending) of up to {@code maxSolutions} subsets of at least two amounts that sum to
     *         {@code target}; empty when there are more than {@link #MAX_ITEMS} amounts
     */
    public static List<List<Integer>> find(long[] amounts, long target, int maxSolutions) {
        List<List<Integer>> out = new ArrayList<>();
        if (amounts.length > MAX_ITEMS || target <= 0) {
            return out;
        }
        long[] suffix = new long[amounts.length + 1];
        for (int i = amounts.length - 1; i >= 0; i--) {
            if (amounts[i] <= 0) {
                throw new IllegalArgumentException("Amounts must be positive");
            }
            suffix[i] = suffix[i + 1] + amounts[i];
        }
        search(amounts, suffix, 0, target, new ArrayList<>(), out, maxSolutions);
        return out;
    }

    private static void search(long[] a, long[] suffix, int from, long rest, List<Integer> chosen, List<List<Integer>> out,
            int max) {
        if (out.size() >= max) {
            return;
        }
        if (rest == 0) {
            if (chosen.size() >= 2) {
                out.add(List.copyOf(chosen));
            }
            return;
        }
        if (from >= a.length || rest < 0 || suffix[from] < rest) {
            return;
        }
        chosen.add(from);
        search(a, suffix, from + 1, rest - a[from], chosen, out, max);
        chosen.remove(chosen.size() - 1);
        search(a, suffix, from + 1, rest, chosen, out, max);
    }
}
