package io.encaisse;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Encaisse: the accounts-receivable integration hub. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class EncaisseApplication {

    public static void main(String[] args) {
        SpringApplication.run(EncaisseApplication.class, args);
    }
}
