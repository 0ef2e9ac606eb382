/** Types every module may use: money, failures, the clock and local-mode infrastructure. */
@org.springframework.modulith.ApplicationModule(type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package io.encaisse.shared;
