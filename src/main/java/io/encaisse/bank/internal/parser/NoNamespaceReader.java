package io.encaisse.bank.internal.parser;

import javax.xml.namespace.NamespaceContext;
import javax.xml.namespace.QName;
import javax.xml.stream.XMLStreamReader;
import javax.xml.stream.util.StreamReaderDelegate;

/** Presents elements and attributes without namespaces, as Prowide's (namespace-less) JAXB model expects. */
final class NoNamespaceReader extends StreamReaderDelegate {
    private static final NamespaceContext EMPTY = new NamespaceContext() {
        @Override
        public String getNamespaceURI(String prefix) {
            return "";
        }

        @Override
        public String getPrefix(String namespaceUri) {
            return null;
        }

        @Override
        public java.util.Iterator<String> getPrefixes(String namespaceUri) {
            return java.util.Collections.emptyIterator();
        }
    };

    NoNamespaceReader(XMLStreamReader reader) {
        super(reader);
    }

    @Override
    public String getNamespaceURI() {
        return "";
    }

    @Override
    public QName getName() {
        return new QName(getLocalName());
    }

    @Override
    public String getPrefix() {
        return "";
    }

    @Override
    public int getNamespaceCount() {
        return 0;
    }

    @Override
    public String getNamespaceURI(String prefix) {
        return "";
    }

    @Override
    public NamespaceContext getNamespaceContext() {
        return EMPTY;
    }

    @Override
    public String getAttributeNamespace(int index) {
        return "";
    }

    @Override
    public String getAttributePrefix(int index) {
        return "";
    }

    @Override
    public QName getAttributeName(int index) {
        return new QName(getAttributeLocalName(index));
    }

    @Override
    public String getAttributeValue(String namespaceUri, String localName) {
        for (int i = 0; i < getAttributeCount(); i++) {
            if (getAttributeLocalName(i).equals(localName)) {
                return getAttributeValue(i);
            }
        }
        return null;
    }
}
