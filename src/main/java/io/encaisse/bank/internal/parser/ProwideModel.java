package io.encaisse.bank.internal.parser;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds, by reflection on Prowide's MxCamt05X001NN classes, the model class of one Ntry for any camt.052/053/054
 * version Prowide ships, and keeps one JAXBContext per entry class.
 */
final class ProwideModel {
    private static final String MX_PACKAGE = "com.prowidesoftware.swift.model.mx.";
    private static final Map<String, Class<?>> ENTRY_CLASSES = new ConcurrentHashMap<>();
    private static final Map<Class<?>, JAXBContext> CONTEXTS = new ConcurrentHashMap<>();
    private static final Map<Class<?>, FastEntryBinder> BINDERS = new ConcurrentHashMap<>();

    private ProwideModel() {}

    /**
     * @param message "052", "053" or "054"
     * @param version two digits, e.g. "02"
     * @return the entry class, or null if Prowide has no model for that version
     */
    static Class<?> entryClass(String message, String version) {
        String key = message + "." + version;
        Class<?> c = ENTRY_CLASSES.get(key);
        if (c == null) {
            c = findEntryClass(message, version);
            if (c != null) {
                ENTRY_CLASSES.put(key, c);
            }
        }
        return c;
    }

    private static Class<?> findEntryClass(String message, String version) {
        Class<?> mx;
        try {
            mx = Class.forName(MX_PACKAGE + "MxCamt" + message + "001" + version);
        } catch (ClassNotFoundException e) {
            return null;
        }
        String listName = switch (message) {
            case "052" -> "Rpt";
            case "053" -> "Stmt";
            default -> "Ntfctn";
        };
        for (Method m : mx.getMethods()) {
            Class<?> docType = m.getReturnType();
            if (m.getParameterCount() != 0 || !m.getName().startsWith("get")
                    || !docType.getName().startsWith(MX_PACKAGE + "dic.")) {
                continue;
            }
            Class<?> stmtType = listElementType(docType, "get" + listName);
            if (stmtType != null) {
                return listElementType(stmtType, "getNtry");
            }
        }
        return null;
    }

    private static Class<?> listElementType(Class<?> owner, String getter) {
        try {
            Method m = owner.getMethod(getter);
            if (List.class.isAssignableFrom(m.getReturnType())
                    && m.getGenericReturnType() instanceof ParameterizedType p) {
                Type t = p.getActualTypeArguments()[0];
                return t instanceof Class<?> c ? c : null;
            }
            return m.getReturnType();
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    /** The fast binder for the version of {@code entryClass} (its code lists read once from the model). */
    static FastEntryBinder binder(Class<?> entryClass) {
        return BINDERS.computeIfAbsent(entryClass, FastEntryBinder::new);
    }

    static JAXBContext context(Class<?> entryClass) throws JAXBException {
        JAXBContext ctx = CONTEXTS.get(entryClass);
        if (ctx == null) {
            ctx = JAXBContext.newInstance(entryClass);
            JAXBContext prev = CONTEXTS.putIfAbsent(entryClass, ctx);
            if (prev != null) {
                ctx = prev;
            }
        }
        return ctx;
    }
}
