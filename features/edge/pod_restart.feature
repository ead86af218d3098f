# Generated from the rule table by `edgeconform generate`; do not edit by hand.
@edge @message.pod-restart
Feature: Pod Restart: route restart websocket/pod/…, judged by its rule table
  Each example changes the conformant pod restart request as its row says. Rules and cases come from
  harness/messages/ (pod-restart).

  The document (pod-update.txt) does not describe pod restart: every rule rests on the vendor's own
  edge (each rule names the source), so under strict and lenient a case that fails is NON-STRICT, never FAIL.

  Scenario Outline: A request at a boundary is answered OK
    Given the conformant pod restart changed by case "<case>"
    When the controller sends it
    Then the answer matches the golden answer "answer-ok.json"

    @rule.RESTART-HDR-SYNC
    Examples: RESTART-HDR-SYNC (header.sync)
      | case | rule | change |
      | RESTART-HDR-SYNC.the-allowed-value-true | RESTART-HDR-SYNC | the allowed value true |

    @rule.RESTART-ROUTE-OPERATION
    Examples: RESTART-ROUTE-OPERATION (route.operation)
      | case | rule | change |
      | RESTART-ROUTE-OPERATION.the-allowed-value-restart | RESTART-ROUTE-OPERATION | the allowed value "restart" |

    @rule.RESTART-ROUTE-RESOURCE
    Examples: RESTART-ROUTE-RESOURCE (route.resource)
      | case | rule | change |
      | RESTART-ROUTE-RESOURCE.a-64-character-name-and-a-uuid | RESTART-ROUTE-RESOURCE | a 64-character name and a uuid |

    @rule.RESTART-CONTENT @boundaries
    Examples: RESTART-CONTENT (content)
      | case | rule | change |
      | RESTART-CONTENT.the-optional-field-left-out | RESTART-CONTENT | the optional field left out |
      | RESTART-CONTENT.the-allowed-value | RESTART-CONTENT | the allowed value "" |

    @rule.RESTART-VENDOR-CONTENT @vendor-boundaries
    Examples: RESTART-VENDOR-CONTENT (content)
      | case | rule | change |
      | RESTART-VENDOR-CONTENT.a-conformant-pod-which-the-vendor-checks-as-a-po | RESTART-VENDOR-CONTENT | a conformant pod, which the vendor checks as a pod update's |

  Scenario Outline: A request that breaks a content rule is rejected
    Given the conformant pod restart changed by case "<case>"
    When the controller sends it
    Then the edge answers with a failure

    @rule.RESTART-CONTENT @content-rules
    Examples: RESTART-CONTENT (content)
      | case | rule | change |
      | RESTART-CONTENT.a-number-instead-of-a-string | RESTART-CONTENT | a number instead of a string |
      | RESTART-CONTENT.a-non-empty-string | RESTART-CONTENT | a non-empty string |

    @rule.RESTART-VENDOR-CONTENT @vendor-content-rules
    Examples: RESTART-VENDOR-CONTENT (content)
      | case | rule | change |
      | RESTART-VENDOR-CONTENT.a-number-which-the-vendor-cannot-bind-as-a-pod | RESTART-VENDOR-CONTENT | a number, which the vendor cannot bind as a pod |
      | RESTART-VENDOR-CONTENT.a-string-that-is-not-json | RESTART-VENDOR-CONTENT | a string that is not JSON |
      | RESTART-VENDOR-CONTENT.a-pod-whose-name-breaks-its-rule | RESTART-VENDOR-CONTENT | a pod whose name breaks its rule |

  Scenario Outline: A request whose envelope breaks a rule gets no OK
    Given the conformant pod restart changed by case "<case>"
    When the controller sends it, followed by a conformant pod update
    Then the edge does not answer it OK
    And the edge answers the conformant pod update behind it OK

    @rule.RESTART-MESSAGE
    Examples: RESTART-MESSAGE ($)
      | case | rule | change |
      | RESTART-MESSAGE.a-string-instead-of-an-object | RESTART-MESSAGE | a string instead of an object |

    @rule.RESTART-HDR
    Examples: RESTART-HDR (header)
      | case | rule | change |
      | RESTART-HDR.a-string-instead-of-an-object | RESTART-HDR | a string instead of an object |
      | RESTART-HDR.the-field-left-out | RESTART-HDR | the field left out |

    @rule.RESTART-ROUTE
    Examples: RESTART-ROUTE (route)
      | case | rule | change |
      | RESTART-ROUTE.a-string-instead-of-an-object | RESTART-ROUTE | a string instead of an object |
      | RESTART-ROUTE.the-field-left-out | RESTART-ROUTE | the field left out |

    @rule.RESTART-HDR-MSG-ID
    Examples: RESTART-HDR-MSG-ID (header.msg_id)
      | case | rule | change |
      | RESTART-HDR-MSG-ID.a-number-instead-of-a-string | RESTART-HDR-MSG-ID | a number instead of a string |
      | RESTART-HDR-MSG-ID.the-field-left-out | RESTART-HDR-MSG-ID | the field left out |
      | RESTART-HDR-MSG-ID.an-upper-case-uuid | RESTART-HDR-MSG-ID | an upper-case UUID |
      | RESTART-HDR-MSG-ID.a-word-not-a-uuid | RESTART-HDR-MSG-ID | a word, not a UUID |

    @rule.RESTART-HDR-SYNC
    Examples: RESTART-HDR-SYNC (header.sync)
      | case | rule | change |
      | RESTART-HDR-SYNC.a-string-instead-of-a-boolean | RESTART-HDR-SYNC | a string instead of a boolean |
      | RESTART-HDR-SYNC.the-field-left-out | RESTART-HDR-SYNC | the field left out |
      | RESTART-HDR-SYNC.false-instead-of-true | RESTART-HDR-SYNC | false instead of true |

    @rule.RESTART-ROUTE-OPERATION
    Examples: RESTART-ROUTE-OPERATION (route.operation)
      | case | rule | change |
      | RESTART-ROUTE-OPERATION.a-number-instead-of-a-string | RESTART-ROUTE-OPERATION | a number instead of a string |
      | RESTART-ROUTE-OPERATION.the-field-left-out | RESTART-ROUTE-OPERATION | the field left out |
      | RESTART-ROUTE-OPERATION.restart-the-case-changed | RESTART-ROUTE-OPERATION | "RESTART", the case changed |
      | RESTART-ROUTE-OPERATION.a-value-outside-the-set | RESTART-ROUTE-OPERATION | a value outside the set |

    @rule.RESTART-ROUTE-RESOURCE
    Examples: RESTART-ROUTE-RESOURCE (route.resource)
      | case | rule | change |
      | RESTART-ROUTE-RESOURCE.a-number-instead-of-a-string | RESTART-ROUTE-RESOURCE | a number instead of a string |
      | RESTART-ROUTE-RESOURCE.the-field-left-out | RESTART-ROUTE-RESOURCE | the field left out |
      | RESTART-ROUTE-RESOURCE.a-name-without-a-uuid | RESTART-ROUTE-RESOURCE | a name without a uuid |
      | RESTART-ROUTE-RESOURCE.a-65-character-name-and-a-uuid | RESTART-ROUTE-RESOURCE | a 65-character name and a uuid |
      | RESTART-ROUTE-RESOURCE.an-upper-case-name | RESTART-ROUTE-RESOURCE | an upper-case name |
      | RESTART-ROUTE-RESOURCE.a-resource-outside-websocket-pod | RESTART-ROUTE-RESOURCE | a resource outside websocket/pod/ |
