/**
 * Reconciliation benchmarks (issue "Reconciliation engine", Measured section). Mains, never run by
 * {@code ./mvnw verify} (they are not tests); the Maven profile {@code bench-recon} runs them with exec:exec,
 * {@code bench.main} choosing the class and {@code bench.args} its arguments:
 *
 * <pre>
 * # quality on the labelled set: precision and recall per case and overall; exit 1 if an issue case is applied wrongly
 * ./mvnw -q -Pbench-recon test-compile exec:exec
 * ./mvnw -q -Pbench-recon test-compile exec:exec -Dbench.args="seed=42 scale=1.0 gate=listed"
 *
 * # throughput: credits/s at 10k, 100k and 1M open invoices (E credits each), plus an optional headline run
 * ./mvnw -q -Pbench-recon test-compile exec:exec -Dbench.main=io.encaisse.bench.recon.ReconciliationThroughputBenchmark \
 *     -Dbench.args="open=10000,100000,1000000 entries=10000 headline=100000"
 * # the same with only credits that carry a reference (isolates the index path from the payer-iban / payer-name rules)
 * ./mvnw -q -Pbench-recon test-compile exec:exec -Dbench.main=io.encaisse.bench.recon.ReconciliationThroughputBenchmark \
 *     -Dbench.args="open=10000,100000,1000000 entries=2000 withoutReference=false"
 * </pre>
 *
 * <ul>
 *   <li>{@link io.encaisse.bench.recon.LabelledDataGenerator}: the seeded labelled set (customers, invoices, a camt.053
 *       statement written streamed by {@link io.encaisse.bench.recon.StreamingCamt053}, and the truth per credit; the
 *       quality run writes both to {@code target/bench/recon-quality-<uuid>/labelled-camt053.xml} and
 *       {@code labelled-truth.jsonl}).</li>
 *   <li>{@link io.encaisse.bench.recon.ReconciliationQualityBenchmark}: loads through {@code Receivables}, imports through
 *       {@code BankStatements.importFile}, compares {@code Reconciliation}'s statuses and allocations with the truth.</li>
 *   <li>{@link io.encaisse.bench.recon.ReconciliationThroughputBenchmark}: set-up by PostgreSQL COPY (documented there),
 *       measured through the real import and the real reconciliation listener.</li>
 * </ul>
 * Each run boots the real application in a fresh {@code target/bench/<kind>-<uuid>} folder (its own embedded PostgreSQL).
 */
package io.encaisse.bench.recon;
