package io.encaisse.bank.internal.parser;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/** A tiny, size-limited element tree for small header elements (GrpHdr, Acct, Bal, FrToDt). */
final class XNode {
    private static final int MAX_NODES = 5_000;

    final String name;
    final Map<String, String> attrs = new HashMap<>();
    final List<XNode> children = new ArrayList<>();
    final StringBuilder text = new StringBuilder();

    private XNode(String name) {
        this.name = name;
    }

    /** Reads the element at the reader's START_ELEMENT; leaves the reader on its END_ELEMENT. */
    static XNode read(XMLStreamReader r) throws XMLStreamException, InvalidStatementException {
        XNode root = new XNode(r.getLocalName());
        readAttrs(r, root);
        List<XNode> stack = new ArrayList<>();
        stack.add(root);
        int count = 1;
        while (!stack.isEmpty()) {
            int ev = r.next();
            XNode top = stack.get(stack.size() - 1);
            switch (ev) {
                case XMLStreamConstants.START_ELEMENT -> {
                    if (++count > MAX_NODES) {
                        throw new InvalidStatementException("The element <" + root.name + "> at line "
                                + r.getLocation().getLineNumber() + " is unreasonably large");
                    }
                    XNode n = new XNode(r.getLocalName());
                    readAttrs(r, n);
                    top.children.add(n);
                    stack.add(n);
                }
                case XMLStreamConstants.END_ELEMENT -> stack.remove(stack.size() - 1);
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                    if (top.text.length() < 10_000) {
                        top.text.append(r.getText());
                    }
                }
                default -> {
                    // comments, processing instructions
                }
            }
        }
        return root;
    }

    private static void readAttrs(XMLStreamReader r, XNode n) {
        for (int i = 0; i < r.getAttributeCount(); i++) {
            n.attrs.put(r.getAttributeLocalName(i), r.getAttributeValue(i));
        }
    }

    XNode child(String n) {
        for (XNode c : children) {
            if (c.name.equals(n)) {
                return c;
            }
        }
        return null;
    }

    XNode at(String... path) {
        XNode cur = this;
        for (String p : path) {
            cur = cur.child(p);
            if (cur == null) {
                return null;
            }
        }
        return cur;
    }

    String text(String... path) {
        XNode n = at(path);
        if (n == null) {
            return null;
        }
        String t = n.text.toString().trim();
        return t.isEmpty() ? null : t;
    }
}
