package io.encaisse.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.encaisse.support.HubTestBase;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.oas.models.OpenAPI;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The served API and openapi/encaisse.yaml list the same operations. (That each response matches its schema is
 * checked on every call the tests make, by ApiClient.)
 */
class ContractCoverageTest extends HubTestBase {

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Test
    void everyServedOperationIsInTheContractAndBack() {
        OpenAPI contract = new OpenAPIV3Parser().read("openapi/encaisse.yaml");
        Set<String> documented = new TreeSet<>();
        contract.getPaths().forEach((path, item) -> item.readOperationsMap()
                .forEach((method, op) -> documented.add(method.name() + " " + path)));

        Set<String> served = new TreeSet<>();
        mappings.getHandlerMethods().forEach((info, handler) -> {
            for (String path : info.getPatternValues()) {
                if (path.startsWith("/api/")) {
                    info.getMethodsCondition().getMethods().forEach(m -> served.add(m.name() + " " + path));
                }
            }
        });
        assertThat(served).isNotEmpty().isEqualTo(documented);
    }
}
