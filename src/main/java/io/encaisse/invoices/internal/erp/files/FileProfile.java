package io.encaisse.invoices.internal.erp.files;

import com.dashjoin.jsonata.Jsonata;
import io.encaisse.invoices.internal.erp.ErpStartupCheck;
import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * How to read one kind of CSV export: a {@code *.profile.properties} file in the mappings folder. Keys:
 * <pre>
 * name               what people call the export ("Sage 100 - factures clients")
 * file-pattern       regular expression on the file name; the first profile that matches reads the file
 * kind               INVOICE or CUSTOMER
 * encoding           UTF-8, windows-1252, ISO-8859-1...
 * delimiter          ; or , or TAB
 * quote              the quote character (default ")
 * header-line        the line that holds the column names (default 1; lines before it are skipped)
 * decimal-separator  , or .
 * grouping-separators characters dropped inside amounts (default: space, no-break spaces, and . when the decimal separator is ,)
 * date-format        java.time pattern, e.g. dd/MM/yyyy
 * date-columns       columns turned into ISO dates (YYYY-MM-DD) before the mapping
 * amount-columns     columns turned into plain decimal strings (1 234,50 -> 1234.50; (12,00) and 12,00- are negative)
 * required-columns   columns that must be in the header; a|b means either
 * mapping            the JSONata file (same folder) from a row (an object keyed by column name) to a canonical record
 * </pre>
 * Loading checks everything, the mapping included: a profile that does not load stops the start-up with its file name.
 */
public record FileProfile(
        String file,
        String name,
        Pattern filePattern,
        String kind,
        Charset encoding,
        char delimiter,
        char quote,
        int headerLine,
        char decimalSeparator,
        String groupingSeparators,
        DateTimeFormatter dateFormat,
        String datePattern,
        List<String> dateColumns,
        List<String> amountColumns,
        List<List<String>> requiredColumns,
        String mappingFile,
        Jsonata mapping) {

    public static final String INVOICE = "INVOICE";
    public static final String CUSTOMER = "CUSTOMER";

    public static FileProfile load(Path mappingsDir, String fileName) {
        Path file = mappingsDir.resolve(fileName);
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new IllegalStateException("ERP file profile " + file.toAbsolutePath()
                    + " cannot be read (encaisse.hub.mappings-dir + encaisse.erp.files.profiles): " + e, e);
        }
        try {
            String kind = required(p, "kind").toUpperCase(Locale.ROOT);
            if (!kind.equals(INVOICE) && !kind.equals(CUSTOMER)) {
                throw new IllegalArgumentException("kind must be INVOICE or CUSTOMER (got " + kind + ")");
            }
            char decimal = oneChar(p.getProperty("decimal-separator", "."), "decimal-separator");
            String grouping = p.getProperty("grouping-separators", decimal == ',' ? " \u00A0\u202F." : " \u00A0\u202F,");
            String datePattern = p.getProperty("date-format", "yyyy-MM-dd");
            String mappingFile = required(p, "mapping");
            ErpStartupCheck.checkMapping(mappingsDir.resolve(mappingFile), "mapping in " + fileName);
            Jsonata mapping = Jsonata.jsonata(Files.readString(mappingsDir.resolve(mappingFile), StandardCharsets.UTF_8));
            List<List<String>> required = new ArrayList<>();
            for (String alternatives : list(p, "required-columns")) {
                required.add(Arrays.stream(alternatives.split("\\|")).map(String::trim).filter(s -> !s.isEmpty()).toList());
            }
            return new FileProfile(fileName, p.getProperty("name", fileName), Pattern.compile(required(p, "file-pattern")), kind,
                    Charset.forName(p.getProperty("encoding", "UTF-8").trim()), delimiter(p.getProperty("delimiter", ",")),
                    oneChar(p.getProperty("quote", "\""), "quote"), Integer.parseInt(p.getProperty("header-line", "1").trim()),
                    decimal, grouping, DateTimeFormatter.ofPattern(datePattern.replace("yyyy", "uuuu"), Locale.ROOT)
                            .withResolverStyle(ResolverStyle.STRICT), datePattern,
                    list(p, "date-columns"), list(p, "amount-columns"), required, mappingFile, mapping);
        } catch (IOException | RuntimeException e) {
            if (e instanceof IllegalStateException && e.getMessage() != null && e.getMessage().startsWith("ERP mapping")) {
                throw (IllegalStateException) e;
            }
            throw new IllegalStateException("ERP file profile " + file.toAbsolutePath() + " is not valid: " + e.getMessage(), e);
        }
    }

    /** What the reader hands on: each data row (converted) or why it could not be converted, with its line number. */
    public interface Rows {
        void row(int line, Map<String, Object> values);

        void invalid(int line, String reason);
    }

    /** The file as a whole cannot be read with this profile; the message is the reason. */
    public static final class Unreadable extends Exception {
        public Unreadable(String message) {
            super(message);
        }
    }

    /** Streams the file: the header is checked, then each non-blank row goes to {@code rows}. */
    public void read(java.io.InputStream in, Rows rows) throws Unreadable {
        var decoder = encoding.newDecoder().onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
        try (CsvReader csv = new CsvReader(new java.io.BufferedReader(new java.io.InputStreamReader(in, decoder), 1 << 16),
                delimiter, quote)) {
            for (int i = 1; i < headerLine; i++) {
                csv.next();
            }
            List<String> header = csv.next();
            if (header == null || header.isEmpty()) {
                throw new Unreadable("The file is empty: no header line");
            }
            header = header.stream().map(String::trim).toList();
            List<String> missing = missingColumns(header);
            if (!missing.isEmpty()) {
                throw new Unreadable("The header lacks the column(s) " + missing + " that profile " + file + " needs (found "
                        + header + "; delimiter '" + delimiter + "', encoding " + encoding + ")");
            }
            List<String> cells;
            while ((cells = csv.next()) != null) {
                if (cells.stream().allMatch(String::isBlank)) {
                    continue;
                }
                Map<String, Object> values;
                try {
                    values = row(header, cells);
                } catch (IllegalArgumentException e) {
                    rows.invalid(csv.line(), e.getMessage());
                    continue;
                }
                rows.row(csv.line(), values);
            }
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new Unreadable("The file is not " + encoding + " text as profile " + file + " says (" + e + ")");
        } catch (IOException e) {
            throw new Unreadable("The file could not be read as CSV: " + e.getMessage());
        }
    }

    /** The mapping's output for one row, as JSON; a failing mapping gives a {@code _mappingError} marker. */
    public com.fasterxml.jackson.databind.JsonNode map(Map<String, Object> row) {
        try {
            return JSON.valueToTree(mapping.evaluate(row));
        } catch (RuntimeException e) {
            com.fasterxml.jackson.databind.node.ObjectNode marker = JSON.createObjectNode();
            marker.put(io.encaisse.invoices.internal.erp.CanonicalRecords.MAPPING_ERROR, String.valueOf(e.getMessage()));
            return marker;
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    public boolean matches(String fileName) {
        return filePattern.matcher(fileName).matches();
    }

    /** The columns the profile needs that the header lacks ("a|b" when either would do). */
    public List<String> missingColumns(List<String> header) {
        List<String> missing = new ArrayList<>();
        for (List<String> alternatives : requiredColumns) {
            if (alternatives.stream().noneMatch(header::contains)) {
                missing.add(String.join("|", alternatives));
            }
        }
        return missing;
    }

    /**
     * A row as the mapping sees it: an object keyed by column name, blank cells null, dates ISO, amounts plain decimals.
     *
     * @throws IllegalArgumentException a date or amount that does not read; the message is the row's rejection reason
     */
    public Map<String, Object> row(List<String> header, List<String> cells) {
        if (cells.size() > header.size()) {
            throw new IllegalArgumentException(cells.size() + " fields for " + header.size() + " columns (a delimiter inside an unquoted value?)");
        }
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < header.size(); i++) {
            String column = header.get(i);
            String raw = i < cells.size() ? cells.get(i).trim() : "";
            if (raw.isEmpty()) {
                row.put(column, null);
            } else if (dateColumns.contains(column)) {
                row.put(column, date(column, raw));
            } else if (amountColumns.contains(column)) {
                row.put(column, amount(column, raw));
            } else {
                row.put(column, raw);
            }
        }
        return row;
    }

    String date(String column, String raw) {
        try {
            return LocalDate.parse(raw, dateFormat).toString();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + column + "': '" + raw + "' is not a date (" + datePattern + ")");
        }
    }

    String amount(String column, String raw) {
        String s = raw;
        boolean negative = false;
        if (s.startsWith("(") && s.endsWith(")")) {
            negative = true;
            s = s.substring(1, s.length() - 1);
        }
        if (s.endsWith("-")) {
            negative = true;
            s = s.substring(0, s.length() - 1);
        }
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (groupingSeparators.indexOf(c) >= 0) {
                continue;
            }
            b.append(c == decimalSeparator ? '.' : c);
        }
        String plain = b.toString().trim();
        if (!plain.matches("[-+]?\\d+(\\.\\d+)?")) {
            throw new IllegalArgumentException("'" + column + "': '" + raw + "' is not an amount (decimal separator '" + decimalSeparator + "')");
        }
        BigDecimal value = new BigDecimal(plain);
        return (negative ? value.negate() : value).toPlainString();
    }

    private static String required(Properties p, String key) {
        String v = p.getProperty(key);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(key + " is missing");
        }
        return v.trim();
    }

    private static List<String> list(Properties p, String key) {
        String v = p.getProperty(key, "");
        return Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static char delimiter(String v) {
        if (v.equalsIgnoreCase("TAB") || v.equals("\\t") || v.equals("\t")) {
            return '\t';
        }
        return oneChar(v, "delimiter");
    }

    private static char oneChar(String v, String key) {
        if (v.length() != 1) {
            throw new IllegalArgumentException(key + " must be one character (got '" + v + "')");
        }
        return v.charAt(0);
    }
}
