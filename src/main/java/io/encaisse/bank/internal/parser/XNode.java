package io.encaisse.bank.internal.parser;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * A tiny, size-limited element tree for small elements (GrpHdr, Acct, Bal, FrToDt; an entry's parts in the fast
 * binder). Attributes, children and text are allocated only when present: most nodes are leaves without attributes.
 */
final class XNode {
    private static final int MAX_NODES = 5_000;
    static final int MAX_TEXT = 10_000;

    final String name;
    Map<String, String> attrs = Map.of();
    List<XNode> children = List.of();
    private String text;
    private StringBuilder more;

    private XNode(String name) {
        this.name = name;
    }

    /** Reads the element at the reader's START_ELEMENT; leaves the reader on its END_ELEMENT. */
    static XNode read(XMLStreamReader r) throws XMLStreamException, InvalidStatementException {
        XNode root = new XNode(r.getLocalName());
        readAttrs(r, root);
        ArrayList<XNode> stack = new ArrayList<>(8);
        stack.add(root);
        XNode top = root;
        int count = 1;
        while (top != null) {
            int ev = r.next();
            switch (ev) {
                case XMLStreamConstants.START_ELEMENT -> {
                    if (++count > MAX_NODES) {
                        throw new InvalidStatementException("The element <" + root.name + "> at line "
                                + r.getLocation().getLineNumber() + " is unreasonably large");
                    }
                    XNode n = new XNode(r.getLocalName());
                    readAttrs(r, n);
                    if (top.children.isEmpty()) {
                        top.children = new ArrayList<>(4);
                    }
                    top.children.add(n);
                    stack.add(n);
                    top = n;
                }
                case XMLStreamConstants.END_ELEMENT -> {
                    stack.remove(stack.size() - 1);
                    top = stack.isEmpty() ? null : stack.get(stack.size() - 1);
                }
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> top.append(r);
                default -> {
                    // comments, processing instructions
                }
            }
        }
        return root;
    }

    private void append(XMLStreamReader r) {
        if (text == null) {
            text = r.getText();
            return;
        }
        if (more == null) {
            more = new StringBuilder(text);
        }
        if (more.length() < MAX_TEXT) {
            more.append(r.getTextCharacters(), r.getTextStart(), r.getTextLength());
        }
    }

    private static void readAttrs(XMLStreamReader r, XNode n) {
        int count = r.getAttributeCount();
        if (count == 0) {
            return;
        }
        n.attrs = new HashMap<>(4);
        for (int i = 0; i < count; i++) {
            n.attrs.put(r.getAttributeLocalName(i), r.getAttributeValue(i));
        }
    }

    XNode child(String n) {
        List<XNode> c = children;
        for (int i = 0, size = c.size(); i < size; i++) {
            XNode x = c.get(i);
            if (x.name.equals(n)) {
                return x;
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

    /** The element's own text as read (capped at {@link #MAX_TEXT} characters), or "" when it has none. */
    String rawText() {
        if (more != null) {
            return more.length() > MAX_TEXT ? more.substring(0, MAX_TEXT) : more.toString();
        }
        if (text == null) {
            return "";
        }
        return text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) : text;
    }

    String text(String... path) {
        XNode n = at(path);
        if (n == null) {
            return null;
        }
        String t = n.rawText().trim();
        return t.isEmpty() ? null : t;
    }
}
