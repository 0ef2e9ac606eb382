package io.encaisse.bank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import jakarta.validation.Validation;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.validation.ValidationBindHandler;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.validation.beanvalidation.SpringValidatorAdapter;

/** encaisse.bank.parser binds as the hub binds it at start-up: fast or prowide, anything else refused. */
class BankPropertiesTest {

    private static BankProperties bind(String parser) {
        Map<String, String> p = new HashMap<>(Map.of("encaisse.bank.inbox-uri", "file:in", "encaisse.bank.done-uri", "file:done",
                "encaisse.bank.error-uri", "file:error", "encaisse.bank.max-file-size", "2GB"));
        if (parser != null) {
            p.put("encaisse.bank.parser", parser);
        }
        ValidationBindHandler validation = new ValidationBindHandler(
                new SpringValidatorAdapter(Validation.buildDefaultValidatorFactory().getValidator()));
        return new Binder(new MapConfigurationPropertySource(p)).bind("encaisse.bank",
                org.springframework.boot.context.properties.bind.Bindable.of(BankProperties.class), validation).get();
    }

    @Test
    void theParserIsFastOrProwideWrittenEitherWay() {
        assertThat(bind("fast").parser()).isEqualTo(BankProperties.ParserMode.FAST);
        assertThat(bind("PROWIDE").parser()).isEqualTo(BankProperties.ParserMode.PROWIDE);
        assertThat(bind("prowide").parser()).isEqualTo(BankProperties.ParserMode.PROWIDE);
    }

    @Test
    void anUnknownOrMissingParserIsRefused() {
        Throwable unknown = catchThrowable(() -> bind("jaxb"));
        assertThat(unknown).isInstanceOf(BindException.class);
        assertThat(unknown.getCause()).hasMessageContaining("jaxb");
        assertThat(catchThrowable(() -> bind(null))).isInstanceOf(BindException.class)
                .rootCause().hasMessageContaining("parser");
    }
}
