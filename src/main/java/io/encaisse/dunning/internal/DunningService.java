package io.encaisse.dunning.internal;

import io.encaisse.dunning.Dunning;
import io.encaisse.dunning.DunningLevelReached;
import io.encaisse.dunning.DunningProperties;
import io.encaisse.dunning.DunningRunResult;
import io.encaisse.dunning.DunningStage;
import io.encaisse.invoices.CustomerId;
import io.encaisse.invoices.CustomerView;
import io.encaisse.invoices.InvoiceView;
import io.encaisse.invoices.Receivables;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Decides who gets a reminder today. A notice is recorded once per invoice and level (a unique key), and the
 * email is written in the same transaction; sending happens later (route dunning.send), so a crash between the
 * two loses nothing.
 */
@Service("dunningService")
public class DunningService implements Dunning {

    private static final Logger log = LoggerFactory.getLogger(DunningService.class);

    private final Receivables receivables;
    private final DunningStore store;
    private final DunningProperties props;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final ReminderTemplates templates = new ReminderTemplates();

    DunningService(Receivables receivables, DunningStore store, DunningProperties props, ApplicationEventPublisher events,
            Clock clock) {
        this.receivables = receivables;
        this.store = store;
        this.props = props;
        this.events = events;
        this.clock = clock;
    }

    /** Called by the daily route. */
    public DunningRunResult runScheduled() {
        return run("SCHEDULE");
    }

    @Override
    @Transactional
    public DunningRunResult run(String trigger) {
        LocalDate asOf = LocalDate.now(clock);
        Instant now = clock.instant();
        UUID runId = store.startRun(asOf, trigger, now);
        Map<CustomerId, List<InvoiceView>> byCustomer = new LinkedHashMap<>();
        for (InvoiceView inv : receivables.overdue(asOf)) {
            byCustomer.computeIfAbsent(inv.customerId(), k -> new ArrayList<>()).add(inv);
        }
        List<DunningRunResult.Notice> notices = new ArrayList<>();
        int customersNotified = 0;
        int skipped = 0;
        for (Map.Entry<CustomerId, List<InvoiceView>> e : byCustomer.entrySet()) {
            CustomerView customer = receivables.customer(e.getKey()).orElseThrow();
            List<InvoiceView> reached = new ArrayList<>();
            int maxLevel = 0;
            for (InvoiceView inv : e.getValue()) {
                int level = levelFor(ChronoUnit.DAYS.between(inv.dueDate(), asOf));
                if (level > 0 && !store.noticeExists(inv.id().value(), level)) {
                    reached.add(inv);
                    maxLevel = Math.max(maxLevel, level);
                }
            }
            if (reached.isEmpty()) {
                continue;
            }
            if (customer.dunningEmail() == null || customer.dunningEmail().isBlank()) {
                // no notice recorded: the reminder goes out once the ERP sends an address
                log.warn("Dunning: customer {} has {} invoice(s) to remind but no dunning or billing email", customer.ref(), reached.size());
                skipped++;
                continue;
            }
            UUID emailId = UUID.randomUUID();
            List<String> numbers = new ArrayList<>();
            for (InvoiceView inv : reached) {
                int level = levelFor(ChronoUnit.DAYS.between(inv.dueDate(), asOf));
                if (store.insertNotice(runId, customer, inv, level, emailId, now)) {
                    numbers.add(inv.number().value());
                    notices.add(new DunningRunResult.Notice(customer.ref().value(), inv.number().value(), level,
                            customer.dunningEmail()));
                }
            }
            if (numbers.isEmpty()) {
                continue; // a concurrent run recorded them first
            }
            // the email lists everything overdue, not just what reached a new level: the customer sees the whole picture
            List<ReminderTemplates.Line> lines = e.getValue().stream()
                    .sorted(Comparator.comparing(InvoiceView::dueDate))
                    .map(i -> new ReminderTemplates.Line(i.number().value(), i.issueDate(), i.dueDate(), i.openAmount()))
                    .toList();
            ReminderTemplates.Rendered mail = templates.render(customer.language(), maxLevel, customer.name(), lines, asOf);
            boolean lastLevel = maxLevel >= highestLevel();
            String cc = lastLevel && customer.salesRep() != null ? customer.salesRep().email() : null;
            store.insertEmail(emailId, runId, customer, mail, maxLevel, cc, now);
            customersNotified++;
            events.publishEvent(new DunningLevelReached(customer.id(), customer.ref(), maxLevel, numbers, now));
        }
        store.finishRun(runId, customersNotified, notices.size(), skipped, clock.instant());
        return new DunningRunResult(runId, asOf, trigger, customersNotified, notices.size(), skipped, notices);
    }

    @Override
    @Transactional(readOnly = true)
    public DunningStage stageOf(CustomerId customer) {
        // only invoices still being chased count: a paid invoice leaves the stage with its open amount
        java.util.Set<UUID> chased = new java.util.HashSet<>();
        for (InvoiceView inv : receivables.invoicesOf(customer)) {
            if (inv.isOverdue(LocalDate.now(clock))) {
                chased.add(inv.id().value());
            }
        }
        int level = 0;
        Instant last = null;
        for (DunningStore.NoticeRow n : store.noticesOf(customer.value())) {
            if (chased.contains(n.invoiceId())) {
                level = Math.max(level, n.level());
                last = last == null || n.createdAt().isAfter(last) ? n.createdAt() : last;
            }
        }
        return new DunningStage(level, last);
    }

    int levelFor(long daysOverdue) {
        int level = 0;
        for (DunningProperties.Level l : props.levels()) {
            if (daysOverdue >= l.daysOverdue() && l.level() > level) {
                level = l.level();
            }
        }
        return level;
    }

    private int highestLevel() {
        return props.levels().stream().mapToInt(DunningProperties.Level::level).max().orElse(1);
    }
}
