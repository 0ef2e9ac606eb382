package io.encaisse.invoices;

import java.util.List;

/**
 * A group's exposure: the position over the parent customer's invoices and those of every customer below it (children,
 * their children...), in the parent's currency; invoices in another currency are not in the sum.
 *
 * @param members the parent first, then the customers below it
 */
public record ConsolidatedPosition(CustomerPosition position, List<CustomerRef> members) {
}
