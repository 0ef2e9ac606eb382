package io.encaisse.bank.internal;

import io.encaisse.bank.BankStatements;
import io.encaisse.bank.ImportOutcome;
import java.io.InputStream;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/** The bean behind route bank.inbox: imports the picked-up file and leaves the outcome for the route's choice. */
@Component("bankFileIntake")
public class BankFileIntake {

    public static final String OUTCOME = "importOutcome";

    private final BankStatements statements;

    BankFileIntake(BankStatements statements) {
        this.statements = statements;
    }

    /** Reads the file; the body stays the file so the route can move it to done/ or error/. */
    public void receive(Exchange exchange) throws Exception {
        String name = exchange.getIn().getHeader(Exchange.FILE_NAME, String.class);
        String channel = exchange.getFromEndpoint() == null ? "unknown"
                : exchange.getFromEndpoint().getEndpointUri().split(":", 2)[0];
        ImportOutcome outcome;
        try (InputStream in = exchange.getIn().getMandatoryBody(InputStream.class)) {
            outcome = statements.importFile(name, channel, in);
        }
        exchange.setProperty(OUTCOME, outcome);
    }

    /** Turns the message into the reason file written beside a rejected file. */
    public void reasonFile(Exchange exchange) {
        ImportOutcome outcome = exchange.getProperty(OUTCOME, ImportOutcome.class);
        String name = exchange.getIn().getHeader(Exchange.FILE_NAME, String.class);
        exchange.getIn().setHeader(Exchange.FILE_NAME, name + ".reason.txt");
        exchange.getIn().setBody("File: " + name + "\nImport id: " + outcome.importId() + "\nRejected: " + outcome.reason() + "\n");
    }
}
