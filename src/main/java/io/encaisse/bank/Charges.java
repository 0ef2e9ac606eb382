package io.encaisse.bank;

import java.math.BigDecimal;
import java.util.List;

/**
 * camt Chrgs of an entry or a transaction: the total (TtlChrgsAndTaxAmt) and each charge record.
 * camt.05x.001.02 has no Rcrd level: each ChargesInformation becomes one record.
 */
public record Charges(BigDecimal totalAmount, String totalCurrency, List<ChargeRecord> records) {
    public Charges {
        records = records == null ? List.of() : List.copyOf(records);
    }

    /**
     * @param credit true when the charge is credited (CdtDbtInd CRDT), false when debited, null when not given
     * @param type Tp/Cd, or Tp/Prtry/Id (a bank's own code)
     * @param bearer Br: DEBT, CRED, SHAR, SLEV
     * @param included ChrgInclInd: true when the charge is already inside the entry amount, null when not given
     */
    public record ChargeRecord(BigDecimal amount, String currency, Boolean credit, String type, String bearer, Boolean included) {
    }
}
