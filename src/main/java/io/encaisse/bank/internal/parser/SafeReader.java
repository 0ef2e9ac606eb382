package io.encaisse.bank.internal.parser;

import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.stream.util.StreamReaderDelegate;

/**
 * Fails on a DOCTYPE or an entity reference at whatever point of the stream it appears, including inside elements
 * read by JAXB or {@link #getElementText()}.
 */
final class SafeReader extends StreamReaderDelegate {
    /** An XML construct rejected for security reasons; the message is the user-facing reason. */
    static final class Rejected extends XMLStreamException {
        private static final long serialVersionUID = 1L;

        Rejected(String reason) {
            super(reason);
        }
    }

    SafeReader(XMLStreamReader reader) {
        super(reader);
    }

    @Override
    public int next() throws XMLStreamException {
        int ev = super.next();
        check(ev);
        return ev;
    }

    private void check(int ev) throws Rejected {
        if (ev == XMLStreamConstants.DTD) {
            throw new Rejected(CamtParser.DOCTYPE_REJECTED);
        }
        if (ev == XMLStreamConstants.ENTITY_REFERENCE) {
            throw new Rejected("Entity references are not allowed (found &" + getLocalName() + "; at line "
                    + getLocation().getLineNumber() + ")");
        }
    }

    @Override
    public int nextTag() throws XMLStreamException {
        int ev = next();
        while (ev == XMLStreamConstants.CHARACTERS && isWhiteSpace() || ev == XMLStreamConstants.SPACE
                || ev == XMLStreamConstants.COMMENT || ev == XMLStreamConstants.PROCESSING_INSTRUCTION) {
            ev = next();
        }
        if (ev != XMLStreamConstants.START_ELEMENT && ev != XMLStreamConstants.END_ELEMENT) {
            throw new XMLStreamException("expected start or end tag", getLocation());
        }
        return ev;
    }

    @Override
    public String getElementText() throws XMLStreamException {
        if (getEventType() != XMLStreamConstants.START_ELEMENT) {
            throw new XMLStreamException("getElementText() requires a start element", getLocation());
        }
        StringBuilder sb = new StringBuilder();
        int ev = next();
        while (ev != XMLStreamConstants.END_ELEMENT) {
            if (ev == XMLStreamConstants.CHARACTERS || ev == XMLStreamConstants.CDATA || ev == XMLStreamConstants.SPACE) {
                sb.append(getText());
            } else if (ev == XMLStreamConstants.START_ELEMENT) {
                throw new XMLStreamException("element <" + getLocalName() + "> found where only text is allowed",
                        getLocation());
            } else if (ev == XMLStreamConstants.END_DOCUMENT) {
                throw new XMLStreamException("unexpected end of document", getLocation());
            }
            ev = next();
        }
        return sb.toString();
    }
}
