package io.encaisse.invoices.internal;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

@Entity
@Table(name = "customer")
class CustomerEntity {

    @Id
    UUID id;

    @Column(name = "customer_ref", nullable = false, unique = true, length = 64)
    String customerRef;

    @Column(nullable = false, length = 255)
    String name;

    @Column(name = "billing_email", length = 320)
    String billingEmail;

    @Column(nullable = false, length = 8)
    String language;

    @Column(nullable = false, length = 3)
    String currency;

    @Column(name = "credit_limit", precision = 19, scale = 4)
    BigDecimal creditLimit;

    @Column(name = "credit_limit_currency", length = 3)
    String creditLimitCurrency;

    @Column(name = "sales_rep_name", length = 255)
    String salesRepName;

    @Column(name = "sales_rep_email", length = 320)
    String salesRepEmail;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "customer_iban", joinColumns = @JoinColumn(name = "customer_id"))
    @OrderColumn(name = "position")
    @Column(name = "iban", length = 34, nullable = false)
    List<String> ibans = new ArrayList<>();

    @Column(name = "billing_address_lines", length = 1000)
    String billingAddressLines;

    @Column(name = "billing_postcode", length = 20)
    String billingPostcode;

    @Column(name = "billing_city", length = 128)
    String billingCity;

    @Column(name = "billing_country", length = 2)
    String billingCountry;

    @Column(name = "billing_contact_name", length = 255)
    String billingContactName;

    @Column(name = "billing_contact_email", length = 320)
    String billingContactEmail;

    @Column(name = "billing_contact_phone", length = 64)
    String billingContactPhone;

    @Column(name = "billing_contact_role", length = 128)
    String billingContactRole;

    @Column(name = "dunning_contact_name", length = 255)
    String dunningContactName;

    @Column(name = "dunning_contact_email", length = 320)
    String dunningContactEmail;

    @Column(name = "dunning_contact_phone", length = 64)
    String dunningContactPhone;

    @Column(name = "dunning_contact_role", length = 128)
    String dunningContactRole;

    @Column(length = 64)
    String segment;

    @Column(name = "parent_ref", length = 64)
    String parentRef;

    @Column(name = "payment_terms_code", length = 64)
    String paymentTermsCode;

    @Column(name = "payment_terms_label", length = 255)
    String paymentTermsLabel;

    @Column(name = "payment_terms_days")
    Integer paymentTermsDays;

    @Column(name = "created_at", nullable = false)
    Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    Instant updatedAt;

    @Version
    Long version;
}
