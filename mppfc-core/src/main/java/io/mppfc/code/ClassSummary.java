package io.mppfc.code;

import java.util.List;
import java.util.Map;

/**
 * One class file of the user's own code, reduced to what a fingerprint needs.
 *
 * @param superName the internal name of its superclass, or null for {@code java/lang/Object}
 * @param interfaces the internal names of the interfaces it declares
 * @param methods its methods by {@code name + descriptor}
 */
record ClassSummary(String superName, List<String> interfaces, Map<String, MethodSummary> methods) {
}
