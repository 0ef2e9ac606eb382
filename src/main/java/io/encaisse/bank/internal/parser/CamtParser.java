package io.encaisse.bank.internal.parser;

import jakarta.xml.bind.JAXBElement;
import jakarta.xml.bind.JAXBException;
import jakarta.xml.bind.Unmarshaller;
import jakarta.xml.bind.ValidationEvent;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Streams a camt.052 / camt.053 / camt.054 document with a hardened StAX reader. Each Ntry is bound on its own, by the
 * {@link FastEntryBinder} (default) or with JAXB to Prowide's model class for the message version (mode PROWIDE);
 * header pieces are read by hand. Memory is bounded by the largest entry.
 */
final class CamtParser {
    static final String DOCTYPE_REJECTED = "DOCTYPE declarations are not allowed (XXE protection)";
    private static final Pattern CAMT_NS =
            Pattern.compile("urn:iso:std:iso:20022:tech:xsd:camt\\.(05[234])\\.001\\.(\\d{2})");
    private static final XMLInputFactory FACTORY = createFactory();

    private static XMLInputFactory createFactory() {
        XMLInputFactory f = XMLInputFactory.newDefaultFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        f.setProperty(XMLInputFactory.IS_COALESCING, false);
        trySet(f, XMLConstants.ACCESS_EXTERNAL_DTD, "");
        trySet(f, XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        f.setXMLResolver((publicId, systemId, baseUri, ns) -> {
            throw new XMLStreamException("External resources are not allowed: " + systemId);
        });
        return f;
    }

    private static void trySet(XMLInputFactory f, String name, Object value) {
        try {
            f.setProperty(name, value);
        } catch (IllegalArgumentException ignored) {
            // property not supported by this StAX implementation
        }
    }

    private final Warnings warnings;
    private final boolean prowide;

    CamtParser(Warnings warnings, boolean prowide) {
        this.warnings = warnings;
        this.prowide = prowide;
    }

    /** Mutable state of the statement being read. */
    private static final class Stmt {
        final int number;
        String id;
        Long seq;
        Instant creDtTm;
        LocalDate from;
        LocalDate to;
        String iban;
        String otherId;
        String ccy;
        String bic;
        final List<Balance> balances = new ArrayList<>();
        boolean started;
        int entries;

        Stmt(int number) {
            this.number = number;
        }
    }

    ParseSummary parse(InputStream in, StatementSink sink) throws InvalidStatementException {
        XMLStreamReader raw;
        try {
            raw = new SafeReader(FACTORY.createXMLStreamReader(in));
        } catch (XMLStreamException e) {
            throw malformed(e);
        }
        try {
            return run(raw, sink);
        } catch (XMLStreamException e) {
            throw malformed(e);
        } finally {
            try {
                raw.close();
            } catch (XMLStreamException ignored) {
                // nothing to do
            }
        }
    }

    private ParseSummary run(XMLStreamReader raw, StatementSink sink)
            throws XMLStreamException, InvalidStatementException {
        XMLStreamReader nsless = new NoNamespaceReader(raw);
        int depth = 0;
        int docDepth = -1;
        String rootName = null;
        String message = null;
        String messageVersion = null;
        String format = null;
        String stmtElement = null;
        Class<?> entryClass = null;
        Unmarshaller unmarshaller = null;
        FastEntryBinder binder = null;
        String msgId = null;
        Instant creationTime = null;
        Stmt st = null;
        int stmtDepth = -1;
        int statements = 0;
        int entries = 0;
        String[] currentLabel = {null};

        int ev = raw.getEventType();
        while (true) {
            boolean ahead = false;
            switch (ev) {
                case XMLStreamConstants.DTD -> throw new InvalidStatementException(DOCTYPE_REJECTED);
                case XMLStreamConstants.ENTITY_REFERENCE -> throw new InvalidStatementException(
                        "Entity references are not allowed (found &" + raw.getLocalName() + ";)");
                case XMLStreamConstants.START_ELEMENT -> {
                    depth++;
                    String ln = raw.getLocalName();
                    if (depth == 1) {
                        rootName = ln;
                    }
                    if (docDepth < 0) {
                        String ns = raw.getNamespaceURI();
                        if (ln.equals("AppHdr")) {
                            warnings.add("Business application header <AppHdr> (" + (ns == null ? "no namespace" : ns)
                                    + ") skipped" + (depth > 1 ? " inside the envelope <" + rootName + ">" : ""));
                            skip(raw);
                            depth--;
                        } else if (ln.equals("Document")) {
                            Matcher m = ns == null ? null : CAMT_NS.matcher(ns);
                            if (m == null || !m.matches()) {
                                throw new InvalidStatementException("Unsupported message type: "
                                        + (ns == null || ns.isEmpty() ? "<Document> without namespace" : ns));
                            }
                            message = m.group(1);
                            messageVersion = "camt." + message + ".001." + m.group(2);
                            format = "CAMT" + message;
                            stmtElement = switch (message) {
                                case "052" -> "Rpt";
                                case "053" -> "Stmt";
                                default -> "Ntfctn";
                            };
                            entryClass = ProwideModel.entryClass(message, m.group(2));
                            if (entryClass == null) {
                                throw new InvalidStatementException("Unsupported message type: " + ns
                                        + " (no Prowide model for " + messageVersion + ")");
                            }
                            if (!prowide) {
                                binder = ProwideModel.binder(entryClass);
                            } else {
                                unmarshaller = unmarshaller(entryClass, currentLabel);
                            }
                            docDepth = depth;
                            if (depth > 1) {
                                warnings.add("Root element <" + rootName + "> is an envelope; the camt Document inside it was parsed");
                            }
                        } else if (depth == 1 && ns != null && ns.startsWith("urn:iso:std:iso:20022:")) {
                            throw new InvalidStatementException("Unsupported message type: " + ns);
                        }
                        break;
                    }
                    int rel = depth - docDepth;
                    if (rel == 1) {
                        break; // BkToCstmrStmt / BkToCstmrAcctRpt / BkToCstmrDbtCdtNtfctn
                    }
                    if (rel == 2) {
                        if (ln.equals("GrpHdr")) {
                            XNode g = XNode.read(raw);
                            msgId = g.text("MsgId");
                            creationTime = instant(g.text("CreDtTm"), "GrpHdr/CreDtTm");
                            if (creationTime == null) {
                                warnings.add("GrpHdr has no CreDtTm (creation time)");
                            }
                            depth--;
                        } else if (ln.equals(stmtElement)) {
                            st = new Stmt(++statements);
                            stmtDepth = depth;
                        } else {
                            skip(raw);
                            depth--;
                        }
                        break;
                    }
                    if (st != null && depth == stmtDepth + 1) {
                        switch (ln) {
                            case "Id" -> st.id = raw.getElementText().trim();
                            case "ElctrncSeqNb" -> st.seq = sequence(raw.getElementText(), st);
                            case "CreDtTm" -> st.creDtTm = instant(raw.getElementText(), stmtElement + "/CreDtTm");
                            case "FrToDt" -> {
                                XNode n = XNode.read(raw);
                                st.from = datePart(n.text("FrDtTm"));
                                st.to = datePart(n.text("ToDtTm"));
                            }
                            case "Acct" -> {
                                XNode n = XNode.read(raw);
                                st.iban = n.text("Id", "IBAN");
                                st.otherId = first(n.text("Id", "Othr", "Id"), n.text("Id", "PrtryAcct", "Id"),
                                        n.text("Id", "BBAN"), n.text("Id", "UPIC"));
                                st.ccy = n.text("Ccy");
                                st.bic = first(n.text("Svcr", "FinInstnId", "BIC"), n.text("Svcr", "FinInstnId", "BICFI"));
                            }
                            case "Bal" -> st.balances.add(balance(XNode.read(raw), st));
                            case "Ntry" -> {
                                if (!st.started) {
                                    start(st, sink, format, messageVersion, msgId, creationTime);
                                }
                                int index = st.entries++;
                                String label = "Entry " + (index + 1) + " of statement " + st.number;
                                ParsedEntry entry;
                                if (binder != null) {
                                    entry = binder.read(raw, index, label, warnings::add);
                                } else {
                                    currentLabel[0] = label;
                                    Object ntry = unmarshal(unmarshaller, nsless, entryClass, label);
                                    ahead = true;
                                    entry = EntryMapper.map(ntry, index, label, warnings::add);
                                    currentLabel[0] = null;
                                }
                                sink.entry(entry);
                                entries++;
                            }
                            default -> skip(raw);
                        }
                        depth--;
                        break;
                    }
                    skip(raw);
                    depth--;
                }
                case XMLStreamConstants.END_ELEMENT -> {
                    if (st != null && depth == stmtDepth) {
                        if (!st.started) {
                            start(st, sink, format, messageVersion, msgId, creationTime);
                        }
                        sink.endStatement();
                        st = null;
                        stmtDepth = -1;
                    }
                    depth--;
                }
                default -> {
                    // characters, comments, processing instructions, start/end document
                }
            }
            if (ev == XMLStreamConstants.END_DOCUMENT) {
                break;
            }
            ev = ahead ? raw.getEventType() : raw.next();
        }

        if (docDepth < 0) {
            throw new InvalidStatementException("Not a recognised bank statement: the XML (root <" + rootName
                    + ">) contains no ISO 20022 camt Document");
        }
        if (statements == 0) {
            throw new InvalidStatementException("The " + messageVersion + " document contains no " + stmtElement
                    + " element; the schema requires at least one");
        }
        return new ParseSummary(format, messageVersion, statements, entries, warnings.list());
    }

    private Unmarshaller unmarshaller(Class<?> entryClass, String[] currentLabel) {
        try {
            Unmarshaller u = ProwideModel.context(entryClass).createUnmarshaller();
            u.setEventHandler(event -> {
                if (event.getSeverity() == ValidationEvent.FATAL_ERROR) {
                    return false;
                }
                warnings.add((currentLabel[0] == null ? "" : currentLabel[0] + ": ") + event.getMessage());
                return true;
            });
            return u;
        } catch (JAXBException e) {
            throw new IllegalStateException("Cannot create JAXB unmarshaller for " + entryClass, e);
        }
    }

    private static Object unmarshal(Unmarshaller u, XMLStreamReader r, Class<?> type, String label)
            throws InvalidStatementException {
        try {
            JAXBElement<?> e = u.unmarshal(r, type);
            Object v = e == null ? null : e.getValue();
            if (v == null) {
                throw new InvalidStatementException(label + " could not be read (empty result from JAXB)");
            }
            return v;
        } catch (JAXBException e) {
            for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
                if (t instanceof XMLStreamException x) {
                    throw malformed(x);
                }
                if (t instanceof JAXBException j && j.getLinkedException() instanceof XMLStreamException x) {
                    throw malformed(x);
                }
            }
            throw new InvalidStatementException(label + " could not be read: " + e, e);
        }
    }

    private void start(Stmt st, StatementSink sink, String format, String version, String msgId, Instant created) {
        st.started = true;
        if (st.id == null) {
            warnings.add("Statement " + st.number + " has no Id");
        }
        sink.startStatement(new StatementHeader(format, version, msgId, created != null ? created : st.creDtTm,
                st.id, st.seq, st.iban, st.otherId, st.ccy, st.bic, st.from, st.to, st.balances));
    }

    private Balance balance(XNode b, Stmt st) throws InvalidStatementException {
        String code = first(b.text("Tp", "CdOrPrtry", "Cd"), b.text("Tp", "CdOrPrtry", "Prtry"), b.text("Tp", "Cd"),
                b.text("Tp", "Prtry"));
        String where = "Balance " + (code == null ? "(no type)" : code) + " of statement " + st.number;
        if (code == null) {
            warnings.add(where + " has no type code");
        }
        XNode amt = b.child("Amt");
        String text = amt == null ? null : b.text("Amt");
        if (text == null) {
            throw new InvalidStatementException(where + " has no Amt");
        }
        BigDecimal amount;
        try {
            amount = new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw new InvalidStatementException(where + " has an invalid amount '" + text + "'", e);
        }
        String cdi = b.text("CdtDbtInd");
        if (cdi == null) {
            warnings.add(where + " has no CdtDbtInd; treated as credit");
        } else if ("DBIT".equals(cdi)) {
            amount = amount.negate();
        } else if (!"CRDT".equals(cdi)) {
            throw new InvalidStatementException(where + " has an unknown CdtDbtInd '" + cdi + "'");
        }
        LocalDate date = datePart(first(b.text("Dt", "Dt"), b.text("Dt", "DtTm")));
        return new Balance(code, amount, amt.attrs.get("Ccy"), date);
    }

    private Long sequence(String text, Stmt st) {
        try {
            return new BigDecimal(text.trim()).longValueExact();
        } catch (ArithmeticException | NumberFormatException e) {
            warnings.add("Statement " + st.number + " has a non-numeric ElctrncSeqNb '" + text.trim() + "'");
            return null;
        }
    }

    private Instant instant(String text, String where) throws InvalidStatementException {
        if (text == null || text.isBlank()) {
            return null;
        }
        String s = text.trim();
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            try {
                Instant i = LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
                warnings.add(where + " '" + s + "' has no time zone; UTC assumed");
                return i;
            } catch (DateTimeParseException e2) {
                throw new InvalidStatementException(where + " is not a valid ISO date-time: '" + s + "'", e2);
            }
        }
    }

    private static LocalDate datePart(String text) throws InvalidStatementException {
        if (text == null) {
            return null;
        }
        try {
            return LocalDate.parse(text.length() > 10 ? text.substring(0, 10) : text);
        } catch (DateTimeParseException e) {
            throw new InvalidStatementException("Invalid date '" + text + "'", e);
        }
    }

    @SafeVarargs
    private static <T> T first(T... values) {
        for (T v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    /** Skips the element at the current START_ELEMENT; leaves the reader on its END_ELEMENT. */
    private static void skip(XMLStreamReader r) throws XMLStreamException {
        int d = 1;
        while (d > 0) {
            int ev = r.next();
            if (ev == XMLStreamConstants.START_ELEMENT) {
                d++;
            } else if (ev == XMLStreamConstants.END_ELEMENT) {
                d--;
            }
        }
    }

    static InvalidStatementException malformed(XMLStreamException e) {
        if (e instanceof SafeReader.Rejected r) {
            return new InvalidStatementException(r.getMessage(), r);
        }
        Location l = e.getLocation();
        String msg = e.getMessage();
        if (msg != null && msg.contains("Message: ")) {
            msg = msg.substring(msg.indexOf("Message: ") + 9);
        }
        if (msg != null && msg.contains("DOCTYPE")) {
            return new InvalidStatementException(DOCTYPE_REJECTED, e);
        }
        String where = l == null ? "" : " at line " + l.getLineNumber() + ", column " + l.getColumnNumber();
        return new InvalidStatementException("Malformed or truncated XML" + where + ": " + msg, e);
    }
}
