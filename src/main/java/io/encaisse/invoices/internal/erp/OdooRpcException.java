package io.encaisse.invoices.internal.erp;

import java.util.Set;

/**
 * Odoo answered a JSON-RPC call with an error object ({@code {"code": 200, "message": "Odoo Server Error",
 * "data": {"name": "odoo.exceptions.AccessDenied", "message": "Access Denied", ...}}}).
 */
public class OdooRpcException extends RuntimeException {

    /** Errors that the same call will meet again: credentials, rights, a field or model that does not exist. */
    private static final Set<String> PERMANENT = Set.of("odoo.exceptions.AccessDenied", "odoo.exceptions.AccessError",
            "odoo.exceptions.UserError", "odoo.exceptions.ValidationError", "odoo.exceptions.MissingError",
            "builtins.ValueError", "ValueError", "builtins.KeyError", "KeyError", "builtins.TypeError", "TypeError");

    private final String name;
    private final String odooMessage;

    public OdooRpcException(String call, String name, String odooMessage) {
        super("Odoo refused " + call + ": " + name + ": " + odooMessage);
        this.name = name;
        this.odooMessage = odooMessage;
    }

    /** Odoo's exception class, e.g. {@code odoo.exceptions.AccessError}. */
    public String name() {
        return name;
    }

    public String odooMessage() {
        return odooMessage;
    }

    public boolean isPermanent() {
        return PERMANENT.contains(name);
    }

    public boolean isAccessDenied() {
        return "odoo.exceptions.AccessDenied".equals(name);
    }
}
