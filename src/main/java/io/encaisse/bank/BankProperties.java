package io.encaisse.bank;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * @param inboxUri the Camel endpoint bank files are picked up from: a folder in local mode, sftp:// in production
 * @param doneUri where an imported (or duplicate) file is put afterwards
 * @param errorUri where a rejected file is put, with a {@code .reason.txt} beside it
 * @param maxFileSize files above this are rejected before parsing
 * @param parser how camt entries are bound: FAST (default, read straight from the XML stream) or PROWIDE (JAXB binding
 *        to Prowide's model classes); both give the same result on the sample corpus
 */
@Validated
@ConfigurationProperties("encaisse.bank")
public record BankProperties(
        @NotBlank String inboxUri,
        @NotBlank String doneUri,
        @NotBlank String errorUri,
        @NotNull DataSize maxFileSize,
        @NotNull ParserMode parser) {

    public enum ParserMode {
        FAST, PROWIDE
    }
}
