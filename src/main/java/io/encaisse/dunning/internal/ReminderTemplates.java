package io.encaisse.dunning.internal;

import io.encaisse.shared.Money;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.NumberFormat;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Renders reminder emails from the per-language texts in templates/dunning/{lang}.properties.
 * Plain Java: the texts are data, the layout is here.
 */
final class ReminderTemplates {

    static final List<String> LANGUAGES = List.of("en", "fr");

    private final Map<String, Properties> texts = new ConcurrentHashMap<>();

    record Line(String invoiceNumber, LocalDate issueDate, LocalDate dueDate, Money open) {
    }

    record Rendered(String language, String subject, String body) {
    }

    Rendered render(String language, int level, String customerName, List<Line> lines, LocalDate asOf) {
        String lang = LANGUAGES.contains(language) ? language : "en";
        Locale locale = "fr".equals(lang) ? Locale.FRANCE : Locale.UK;
        Properties t = texts.computeIfAbsent(lang, ReminderTemplates::load);
        DateTimeFormatter dates = DateTimeFormatter.ofPattern("fr".equals(lang) ? "dd/MM/yyyy" : "d MMM yyyy", locale);
        Money total = null;
        StringBuilder list = new StringBuilder();
        for (Line l : lines) {
            total = total == null ? l.open() : total.currency().equals(l.open().currency()) ? total.plus(l.open()) : total;
            list.append(fill(t.getProperty("line"), Map.of(
                    "invoiceNumber", l.invoiceNumber(),
                    "issueDate", dates.format(l.issueDate()),
                    "dueDate", dates.format(l.dueDate()),
                    "openAmount", money(l.open(), locale),
                    "daysOverdue", String.valueOf(ChronoUnit.DAYS.between(l.dueDate(), asOf))))).append('\n');
        }
        Map<String, String> values = Map.of(
                "customerName", customerName,
                "count", String.valueOf(lines.size()),
                "total", total == null ? "" : money(total, locale));
        int lvl = Math.min(Math.max(level, 1), 3);
        String body = fill(t.getProperty("greeting"), values) + "\n\n"
                + fill(t.getProperty("intro." + lvl), values) + "\n\n"
                + list
                + "\n" + fill(t.getProperty("total"), values) + "\n\n"
                + t.getProperty("payment") + "\n"
                + t.getProperty("dispute") + "\n\n"
                + t.getProperty("closing").replace("\\n", "\n") + "\n";
        return new Rendered(lang, fill(t.getProperty("subject." + lvl), values), body);
    }

    static String money(Money m, Locale locale) {
        NumberFormat f = NumberFormat.getCurrencyInstance(locale);
        f.setCurrency(Currency.getInstance(m.currency()));
        f.setMinimumFractionDigits(m.amount().scale());
        f.setMaximumFractionDigits(m.amount().scale());
        // narrow no-break spaces from the JDK's French format read badly in plain-text mail clients
        return f.format(m.amount()).replace('\u202f', ' ').replace('\u00a0', ' ');
    }

    private static String fill(String template, Map<String, String> values) {
        String out = template;
        for (Map.Entry<String, String> e : values.entrySet()) {
            out = out.replace("{" + e.getKey() + "}", e.getValue());
        }
        return out;
    }

    private static Properties load(String lang) {
        String path = "/templates/dunning/" + lang + ".properties";
        try (InputStream in = ReminderTemplates.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("Missing dunning texts " + path);
            }
            Properties p = new Properties();
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
