package io.encaisse.bank.internal;

import java.sql.SQLException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Sends a statement's direct COPY data to PostgreSQL from a thread of its own, so that the parser goes on while the
 * connection writes and while a batch's {@code bank_entry_line} rows are copied. Between them a bounded queue of
 * 64 kB buffers: memory stays bounded. It is still one connection and one transaction: the parser's thread does not
 * use the connection until {@link #end} or {@link #cancel} has returned, and a failure on either side fails the import.
 */
final class CopyPipeline implements EntryStage.Target {

    /** Opens a COPY on the import's connection. */
    interface Copies {
        EntryStage.Target open(String sql) throws SQLException;
    }

    private enum Kind { DATA, END_BATCH, LINES, FINISH }

    private record Item(Kind kind, byte[] data, int length) {
    }

    private static final Item END_BATCH = new Item(Kind.END_BATCH, null, 0);
    private static final Item FINISH = new Item(Kind.FINISH, null, 0);
    private final BlockingQueue<Item> queue = new ArrayBlockingQueue<>(16);
    private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(24);
    private final Copies copies;
    private final String entriesSql;
    private final String linesSql;
    private final Thread thread;
    private volatile Throwable failure;
    private long rows;
    private boolean done;

    CopyPipeline(Copies copies, String entriesSql, String linesSql) {
        this.copies = copies;
        this.entriesSql = entriesSql;
        this.linesSql = linesSql;
        this.thread = new Thread(this::run, "bank-import-copy");
        thread.setDaemon(true);
        thread.start();
    }

    /** COPY data of {@code bank_entry} rows; the buffer may be reused by the caller once this returns. */
    @Override
    public void write(byte[] buffer, int length) throws SQLException {
        byte[] copy = free.poll();
        if (copy == null || copy.length < length) {
            copy = new byte[Math.max(length, 1 << 16)];
        }
        System.arraycopy(buffer, 0, copy, 0, length);
        put(new Item(Kind.DATA, copy, length));
    }

    /** Ends the batch's COPY into {@code bank_entry}, then copies its lines ({@code data} is handed over). */
    void endBatch(byte[] lines, int length) throws SQLException {
        put(END_BATCH);
        if (length > 0) {
            put(new Item(Kind.LINES, lines, length));
        }
    }

    /** Waits until everything is in the database; returns the {@code bank_entry} rows copied. */
    @Override
    public long end() throws SQLException {
        put(FINISH);
        join();
        done = true;
        rethrow();
        return rows;
    }

    /** Stops the thread, abandoning its COPY (the transaction is being rolled back); safe to call more than once. */
    @Override
    public void cancel() {
        if (!done) {
            done = true;
            thread.interrupt();
            join();
        }
    }

    private void put(Item item) throws SQLException {
        try {
            while (!queue.offer(item, 50, TimeUnit.MILLISECONDS)) {
                rethrow();
                if (!thread.isAlive()) {
                    throw new IllegalStateException("The COPY thread has stopped");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while copying", e);
        }
        rethrow();
    }

    private void rethrow() throws SQLException {
        Throwable f = failure;
        if (f instanceof SQLException s) {
            throw s;
        } else if (f instanceof RuntimeException r) {
            throw r;
        } else if (f instanceof Error e) {
            throw e;
        } else if (f != null) {
            throw new IllegalStateException(f);
        }
    }

    private void join() {
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        EntryStage.Target copy = null;
        try {
            while (true) {
                Item item = queue.take();
                switch (item.kind()) {
                    case DATA -> {
                        if (copy == null) {
                            copy = copies.open(entriesSql);
                        }
                        copy.write(item.data(), item.length());
                        free.offer(item.data());
                    }
                    case END_BATCH -> {
                        if (copy != null) {
                            EntryStage.Target c = copy;
                            copy = null;
                            rows += c.end();
                        }
                    }
                    case LINES -> {
                        EntryStage.Target lines = copies.open(linesSql);
                        lines.write(item.data(), item.length());
                        lines.end();
                    }
                    case FINISH -> {
                        if (copy != null) {
                            EntryStage.Target c = copy;
                            copy = null;
                            rows += c.end();
                        }
                        return;
                    }
                }
            }
        } catch (InterruptedException e) {
            // cancelled: the finally block abandons the COPY
        } catch (Throwable t) {
            failure = t;
        } finally {
            if (copy != null) {
                try {
                    copy.cancel();
                } catch (Throwable t) {
                    if (failure != null) {
                        failure.addSuppressed(t);
                    }
                }
            }
        }
    }
}
