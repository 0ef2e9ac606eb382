package io.encaisse.shared;

import java.util.List;
import java.util.UUID;

/** Read access to the dead-letter record, for operators. */
public interface DeadLetterLog {

    /** Newest first; {@code before} is the last id of the previous page. */
    List<DeadLetter> recent(String routeId, int limit, UUID before);
}
