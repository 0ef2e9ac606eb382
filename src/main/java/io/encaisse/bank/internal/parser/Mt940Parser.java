package io.encaisse.bank.internal.parser;

import com.prowidesoftware.swift.model.SwiftBlock4;
import com.prowidesoftware.swift.model.Tag;
import com.prowidesoftware.swift.model.field.Field61;
import com.prowidesoftware.swift.model.mt.mt9xx.MT940;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * MT940: the text is cut into one block per :20: (bare text blocks, several messages, SWIFT {1:}{2:}{4: envelopes,
 * SOH/ETX characters and free-text preambles are tolerated); each block is parsed by Prowide's MT parser and its
 * :61: lines by Prowide's Field61, with a strict regular-expression fallback that is reported as a warning.
 */
final class Mt940Parser {
    private static final Pattern BALANCE = Pattern.compile("^([CD])(\\d{6})([A-Z]{3})(\\d[\\d]*,\\d*)\\s*$");
    private static final Pattern F61 = Pattern.compile(
            "^(\\d{6})(\\d{4})?(RC|RD|EC|ED|C|D)([A-Z])?(\\d+,\\d*)([A-Z][A-Z0-9]{3})?([^\\n]*)");
    private static final Pattern IBAN = Pattern.compile("^[A-Z]{2}\\d{2}[A-Z0-9]{10,30}$");

    private final Warnings warnings;

    Mt940Parser(Warnings warnings) {
        this.warnings = warnings;
    }

    private static final class Segment {
        final List<String> lines = new ArrayList<>();
    }

    static boolean looksLikeMt940(String text) {
        return text.contains(":20:") && (text.contains(":61:") || text.contains(":60F:") || text.contains(":60M:"));
    }

    ParseSummary parse(String text, StatementSink sink) throws InvalidStatementException {
        if (text.indexOf('\u0001') >= 0 || text.indexOf('\u0003') >= 0) {
            warnings.add("File contains SOH/ETX (0x01/0x03) transmission control characters; they were ignored");
            text = text.replace("\u0001", "").replace("\u0003", "");
        }
        List<Segment> segments = split(text);
        if (segments.isEmpty()) {
            throw new InvalidStatementException("Not a recognised bank statement: no MT940 :20: block found");
        }
        int entries = 0;
        int number = 0;
        for (Segment seg : segments) {
            number++;
            entries += statement(seg, number, sink);
        }
        return new ParseSummary("MT940", "MT940", segments.size(), entries, warnings.list());
    }

    private List<Segment> split(String text) {
        String[] lines = text.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
        List<Segment> segments = new ArrayList<>();
        Segment cur = null;
        boolean inBlock4 = false;
        int preamble = 0;
        for (String line : lines) {
            String l = line;
            if (l.startsWith("{")) {
                int b4 = l.indexOf("{4:");
                if (b4 < 0) {
                    continue; // {1:}{2:}{3:} header lines without block 4, {5:} trailer
                }
                if (inBlock4) {
                    warnings.add("MT940 statement " + segments.size() + " has no '-}' block terminator");
                }
                inBlock4 = true;
                cur = null;
                l = l.substring(b4 + 3);
            }
            if (l.startsWith("-}") || l.trim().equals("-")) {
                cur = null;
                inBlock4 = false;
                continue;
            }
            if (l.isBlank()) {
                continue;
            }
            if (l.startsWith(":20:")) {
                cur = new Segment();
                segments.add(cur);
            }
            if (cur == null) {
                if (segments.isEmpty()) {
                    preamble++;
                }
                continue;
            }
            cur.lines.add(l);
        }
        if (preamble > 0) {
            warnings.add(preamble + " line(s) of text before the first :20: tag were ignored");
        }
        return segments;
    }

    private int statement(Segment seg, int number, StatementSink sink) throws InvalidStatementException {
        String fin = "{1:F01XXXXXXXXAXXX0000000000}{2:I940XXXXXXXXXXXXN}{4:\r\n" + String.join("\r\n", seg.lines)
                + "\r\n-}";
        MT940 mt;
        try {
            mt = MT940.parse(fin);
        } catch (RuntimeException e) {
            throw new InvalidStatementException("MT940 statement " + number + " could not be parsed: " + e.getMessage(), e);
        }
        SwiftBlock4 b4 = mt == null || mt.getSwiftMessage() == null ? null : mt.getSwiftMessage().getBlock4();
        if (b4 == null || b4.getTags() == null || b4.getTags().isEmpty()) {
            throw new InvalidStatementException("MT940 statement " + number + " could not be parsed (no fields found)");
        }
        String where = "MT940 statement " + number;
        String ref = null;
        String account = null;
        String seqText = null;
        Balance opening = null;
        Balance closing = null;
        List<Balance> balances = new ArrayList<>();
        List<Field61> lines61 = new ArrayList<>();
        List<List<String>> texts86 = new ArrayList<>();
        for (Tag t : b4.getTags()) {
            String name = t.getName();
            String value = t.getValue() == null ? "" : t.getValue().trim();
            switch (name) {
                case "20" -> ref = firstLine(value);
                case "25" -> account = firstLine(value);
                case "28C", "28" -> seqText = firstLine(value);
                case "60F", "60M", "62F", "62M", "64", "65" -> {
                    String code = switch (name) {
                        case "60F", "60M" -> "OPBD";
                        case "62F", "62M" -> "CLBD";
                        case "64" -> "CLAV";
                        default -> "FWAV";
                    };
                    Balance b = balance(code, name, value, where);
                    balances.add(b);
                    if (name.startsWith("60")) {
                        opening = b;
                    } else if (name.startsWith("62")) {
                        closing = b;
                    }
                }
                case "61" -> {
                    lines61.add(new Field61(value));
                    texts86.add(new ArrayList<>());
                }
                case "86" -> {
                    if (!lines61.isEmpty()) {
                        texts86.get(texts86.size() - 1).add(value);
                    }
                }
                default -> {
                    // :21:, :13D:, :34F:, :90C:/:90D:, non-standard tags: not needed
                }
            }
        }
        if (ref == null) {
            warnings.add(where + " has no :20: reference");
        }
        if (account == null) {
            warnings.add(where + " (:20: " + ref + ") has no :25: account");
        }
        if (opening == null) {
            warnings.add(where + " (:20: " + ref + ") has no opening balance (:60F:/:60M:)");
        }
        if (closing == null) {
            warnings.add(where + " (:20: " + ref + ") has no closing balance (:62F:/:62M:)");
        }
        String ccy = opening != null ? opening.currency() : closing != null ? closing.currency() : null;
        if (ccy == null && !lines61.isEmpty()) {
            throw new InvalidStatementException(where + " (:20: " + ref + ") has entries but no balance giving the currency");
        }
        String iban = null;
        String other = null;
        String bic = null;
        if (account != null) {
            String acct = account;
            int slash = acct.indexOf('/');
            if (slash > 0 && acct.substring(0, slash).matches("[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?")) {
                bic = acct.substring(0, slash);
            }
            String compact = acct.replace(" ", "");
            if (IBAN.matcher(compact).matches()) {
                iban = compact;
            } else {
                other = acct;
            }
        }
        Long seq = null;
        if (seqText != null) {
            String n = seqText.contains("/") ? seqText.substring(0, seqText.indexOf('/')) : seqText;
            try {
                seq = Long.parseLong(n.trim());
            } catch (NumberFormatException e) {
                warnings.add(where + " has a non-numeric statement number '" + seqText + "'");
            }
        }
        sink.startStatement(new StatementHeader("MT940", "MT940", ref, null, seqText, seq, iban, other, ccy, bic,
                opening == null ? null : opening.date(), closing == null ? null : closing.date(), balances));
        for (int i = 0; i < lines61.size(); i++) {
            sink.entry(entry(lines61.get(i), texts86.get(i), i, ccy, where + " entry " + (i + 1)));
        }
        sink.endStatement();
        return lines61.size();
    }

    private ParsedEntry entry(Field61 f, List<String> texts, int index, String ccy, String where)
            throws InvalidStatementException {
        String value = f.getValue() == null ? "" : f.getValue().trim();
        Matcher m = F61.matcher(value);
        if (!m.find()) {
            throw new InvalidStatementException(where + ": the :61: line '" + firstLine(value) + "' is not valid");
        }
        // Prowide's Field61 is the primary source; the pattern is the cross-check and the fallback
        String mark = f.getDebitCreditMark();
        BigDecimal amount = f.getAmountAsBigDecimal();
        String rxMark = m.group(3);
        BigDecimal rxAmount = amount(m.group(5));
        if (mark == null || amount == null || !mark.equals(rxMark) || amount.compareTo(rxAmount) != 0) {
            warnings.add(where + ": Prowide read the :61: line '" + firstLine(value) + "' as mark " + mark + " amount "
                    + amount + "; used mark " + rxMark + " amount " + rxAmount.toPlainString() + " instead");
            mark = rxMark;
            amount = rxAmount;
        } else {
            amount = rxAmount; // same value, scale as written
        }
        boolean credit = mark.equals("C") || mark.equals("RD") || mark.equals("EC");
        boolean reversal = mark.startsWith("R");
        LocalDate valueDate = yymmdd(m.group(1));
        if (valueDate == null) {
            throw new InvalidStatementException(where + ": invalid value date in :61: '" + firstLine(value) + "'");
        }
        LocalDate bookingDate = valueDate;
        if (m.group(2) != null) {
            bookingDate = entryDate(valueDate, m.group(2));
            if (bookingDate == null) {
                warnings.add(where + ": invalid entry date '" + m.group(2) + "' in :61:; booking date left empty");
            }
        }
        String ownerRef = f.getReferenceForTheAccountOwner();
        String bankRef = f.getReferenceOfTheAccountServicingInstitution();
        String txType = m.group(6);
        String info = texts.isEmpty() ? emptyToNull(f.getSupplementaryDetails()) : String.join("\n", texts);
        List<ParsedTxDetail> details = new ArrayList<>();
        if (!texts.isEmpty()) {
            List<String> lines = new ArrayList<>();
            for (String t : texts) {
                for (String l : t.split("\r?\n")) {
                    if (!l.isBlank()) {
                        lines.add(l.trim());
                    }
                }
            }
            details.add(new ParsedTxDetail(amount, ccy, null, null, null, emptyToNull(bankRef), null, null, null,
                    lines, List.of(), null));
        }
        return new ParsedEntry(index, amount, ccy, credit, reversal, mark.startsWith("E") ? "PDNG" : "BOOK",
                bookingDate, valueDate, emptyToNull(bankRef), emptyToNull(ownerRef), null, null, null, txType, info,
                details);
    }

    private Balance balance(String code, String tag, String value, String where) throws InvalidStatementException {
        Matcher m = BALANCE.matcher(value);
        if (!m.find()) {
            throw new InvalidStatementException(where + ": the :" + tag + ": balance '" + value + "' is not valid");
        }
        BigDecimal amount = amount(m.group(4));
        LocalDate date = yymmdd(m.group(2));
        if (date == null) {
            throw new InvalidStatementException(where + ": invalid date in :" + tag + ": '" + value + "'");
        }
        return new Balance(code, m.group(1).equals("D") ? amount.negate() : amount, m.group(3), date);
    }

    private static BigDecimal amount(String swift) {
        String s = swift.replace(',', '.');
        if (s.endsWith(".")) {
            s = s.substring(0, s.length() - 1);
        }
        return new BigDecimal(s);
    }

    private static LocalDate yymmdd(String s) {
        try {
            int yy = Integer.parseInt(s.substring(0, 2));
            return LocalDate.of(yy >= 80 ? 1900 + yy : 2000 + yy, Integer.parseInt(s.substring(2, 4)),
                    Integer.parseInt(s.substring(4, 6)));
        } catch (DateTimeException | NumberFormatException e) {
            return null;
        }
    }

    /** Entry date MMDD next to a value date: the year is the one that puts it closest to the value date. */
    private static LocalDate entryDate(LocalDate valueDate, String mmdd) {
        LocalDate best = null;
        for (int y = valueDate.getYear() - 1; y <= valueDate.getYear() + 1; y++) {
            try {
                LocalDate d = LocalDate.of(y, Integer.parseInt(mmdd.substring(0, 2)), Integer.parseInt(mmdd.substring(2, 4)));
                if (best == null || Math.abs(d.toEpochDay() - valueDate.toEpochDay())
                        < Math.abs(best.toEpochDay() - valueDate.toEpochDay())) {
                    best = d;
                }
            } catch (DateTimeException | NumberFormatException e) {
                // e.g. 29 February in a non-leap year: try the other years
            }
        }
        return best;
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).trim();
    }

    private static String emptyToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
