package io.encaisse.invoices;

/**
 * Payment terms as the ERP names them.
 *
 * @param code the ERP's code ("30FDM", an Odoo id)
 * @param label what people read ("30 jours fin de mois")
 * @param days days from the invoice date to the due date, when the terms are a plain number of days (else null)
 */
public record PaymentTerms(String code, String label, Integer days) {

    public boolean hasNoValue() {
        return code == null && label == null && days == null;
    }
}
