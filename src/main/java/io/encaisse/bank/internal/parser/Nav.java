package io.encaisse.bank.internal.parser;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.xml.datatype.XMLGregorianCalendar;

/**
 * Small reflective navigator over Prowide model objects, addressed by ISO 20022 element names (Amt, CdtDbtInd, ...).
 * Getter lookups are cached per class and name; a name the class does not have yields null (the versions differ).
 */
final class Nav {
    private static final Map<Class<?>, Map<String, Optional<Method>>> GETTERS = new ConcurrentHashMap<>();

    private Nav() {}

    private static Optional<Method> getter(Class<?> type, String name) {
        return GETTERS.computeIfAbsent(type, t -> new ConcurrentHashMap<>()).computeIfAbsent(name, n -> {
            for (String prefix : new String[] {"get", "is"}) {
                try {
                    Method m = type.getMethod(prefix + n);
                    if (m.getParameterCount() == 0 && Modifier.isPublic(m.getModifiers())) {
                        return Optional.of(m);
                    }
                } catch (NoSuchMethodException ignored) {
                    // try the next prefix
                }
            }
            return Optional.empty();
        });
    }

    /** One step; null-safe. For a list-valued property the first element is returned. */
    static Object get(Object o, String name) {
        if (o == null) {
            return null;
        }
        Optional<Method> m = getter(o.getClass(), name);
        if (m.isEmpty()) {
            return null;
        }
        try {
            Object v = m.get().invoke(o);
            if (v instanceof List<?> l) {
                return l.isEmpty() ? null : l.get(0);
            }
            return v;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot read " + name + " of " + o.getClass().getSimpleName(), e);
        }
    }

    static Object path(Object o, String... names) {
        Object cur = o;
        for (String n : names) {
            cur = get(cur, n);
            if (cur == null) {
                return null;
            }
        }
        return cur;
    }

    /** A repeated property as a list (a single value becomes a one-element list). */
    static List<Object> list(Object o, String name) {
        if (o == null) {
            return List.of();
        }
        Optional<Method> m = getter(o.getClass(), name);
        if (m.isEmpty()) {
            return List.of();
        }
        try {
            Object v = m.get().invoke(o);
            if (v == null) {
                return List.of();
            }
            if (v instanceof Collection<?> c) {
                return new ArrayList<>(c);
            }
            return List.of(v);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot read " + name + " of " + o.getClass().getSimpleName(), e);
        }
    }

    /** Text of a simple value: strings, enums (their XML value), numbers, booleans. */
    static String str(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof String s) {
            return s.isBlank() ? null : s.trim();
        }
        if (v instanceof Enum<?> e) {
            try {
                Method value = e.getClass().getMethod("value");
                Object x = value.invoke(e);
                return x == null ? e.name() : x.toString();
            } catch (ReflectiveOperationException ex) {
                return e.name();
            }
        }
        if (v instanceof BigDecimal b) {
            return b.toPlainString();
        }
        if (v instanceof Number || v instanceof Boolean) {
            return v.toString();
        }
        return null; // a complex object is not a simple value
    }

    static String firstStr(Object o, String... names) {
        for (String n : names) {
            String s = str(get(o, n));
            if (s != null) {
                return s;
            }
        }
        return null;
    }

    /** A date-like value as a LocalDate, taking the date part as written (no zone shift). */
    static LocalDate date(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof LocalDate d) {
            return d;
        }
        if (v instanceof OffsetDateTime t) {
            return t.toLocalDate();
        }
        if (v instanceof LocalDateTime t) {
            return t.toLocalDate();
        }
        if (v instanceof ZonedDateTime t) {
            return t.toLocalDate();
        }
        if (v instanceof XMLGregorianCalendar c) {
            return LocalDate.of(c.getYear(), c.getMonth(), c.getDay());
        }
        if (v instanceof String s && s.length() >= 10) {
            return LocalDate.parse(s.substring(0, 10));
        }
        return null;
    }

    /** A DateAndDateTime choice (Dt or DtTm). */
    static LocalDate dateChoice(Object choice) {
        if (choice == null) {
            return null;
        }
        LocalDate d = date(get(choice, "Dt"));
        return d != null ? d : date(get(choice, "DtTm"));
    }
}
