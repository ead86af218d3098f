# Generated from the rule table by `edgeconform generate`; do not edit by hand.
@edge @envelope
Feature: Envelope garbage is never answered OK, and the connection survives it
  The vendor's edge drops these messages unanswered (vendor-notes: Answers); a FAILED
  answer is acceptable too. A pod whose name breaks its rule belongs here: route.resource
  carries the name, so the envelope breaks with it. A conformant pod update sent right
  behind each one must be answered OK on the same connection: it shows the connection
  survived, and, since an edge answers a connection's messages in order, that no answer to
  the garbage is coming.

  Scenario Outline: A message whose envelope breaks a rule gets no OK
    Given the conformant pod update changed by case "<case>"
    When the controller sends it, followed by a conformant pod update
    Then the edge does not answer it OK
    And the edge answers the conformant pod update behind it OK

    @rule.MESSAGE
    Examples: MESSAGE ($)
      | case | rule | change |
      | MESSAGE.a-string-instead-of-an-object | MESSAGE | a string instead of an object |

    @rule.HDR
    Examples: HDR (header)
      | case | rule | change |
      | HDR.a-string-instead-of-an-object | HDR | a string instead of an object |
      | HDR.the-field-left-out | HDR | the field left out |

    @rule.ROUTE
    Examples: ROUTE (route)
      | case | rule | change |
      | ROUTE.a-string-instead-of-an-object | ROUTE | a string instead of an object |
      | ROUTE.the-field-left-out | ROUTE | the field left out |

    @rule.HDR-MSG-ID
    Examples: HDR-MSG-ID (header.msg_id)
      | case | rule | change |
      | HDR-MSG-ID.a-number-instead-of-a-string | HDR-MSG-ID | a number instead of a string |
      | HDR-MSG-ID.the-field-left-out | HDR-MSG-ID | the field left out |
      | HDR-MSG-ID.a-word-not-a-uuid | HDR-MSG-ID | a word, not a UUID |
      | HDR-MSG-ID.a-uuid-without-hyphens | HDR-MSG-ID | a UUID without hyphens |

    @rule.HDR-PARENT-MSG-ID
    Examples: HDR-PARENT-MSG-ID (header.parent_msg_id)
      | case | rule | change |
      | HDR-PARENT-MSG-ID.a-number-instead-of-a-string | HDR-PARENT-MSG-ID | a number instead of a string |
      | HDR-PARENT-MSG-ID.a-non-empty-string | HDR-PARENT-MSG-ID | a non-empty string |

    @rule.HDR-TIMESTAMP
    Examples: HDR-TIMESTAMP (header.timestamp)
      | case | rule | change |
      | HDR-TIMESTAMP.a-string-instead-of-an-integer | HDR-TIMESTAMP | a string instead of an integer |
      | HDR-TIMESTAMP.a-float-instead-of-an-integer | HDR-TIMESTAMP | a float instead of an integer |
      | HDR-TIMESTAMP.a-boolean-instead-of-an-integer | HDR-TIMESTAMP | a boolean instead of an integer |
      | HDR-TIMESTAMP.an-integer-past-the-int64-range | HDR-TIMESTAMP | an integer past the int64 range |
      | HDR-TIMESTAMP.9223372036854775808-above-the-range | HDR-TIMESTAMP | 9223372036854775808, above the range |

    @rule.HDR-RESOURCEVERSION
    Examples: HDR-RESOURCEVERSION (header.resourceversion)
      | case | rule | change |
      | HDR-RESOURCEVERSION.a-number-instead-of-a-string | HDR-RESOURCEVERSION | a number instead of a string |

    @rule.HDR-SYNC
    Examples: HDR-SYNC (header.sync)
      | case | rule | change |
      | HDR-SYNC.a-string-instead-of-a-boolean | HDR-SYNC | a string instead of a boolean |
      | HDR-SYNC.the-field-left-out | HDR-SYNC | the field left out |
      | HDR-SYNC.false-instead-of-true | HDR-SYNC | false instead of true |

    @rule.ROUTE-SOURCE
    Examples: ROUTE-SOURCE (route.source)
      | case | rule | change |
      | ROUTE-SOURCE.a-number-instead-of-a-string | ROUTE-SOURCE | a number instead of a string |
      | ROUTE-SOURCE.the-field-left-out | ROUTE-SOURCE | the field left out |
      | ROUTE-SOURCE.controller-the-case-changed | ROUTE-SOURCE | "CONTROLLER", the case changed |
      | ROUTE-SOURCE.a-value-outside-the-set | ROUTE-SOURCE | a value outside the set |

    @rule.ROUTE-GROUP
    Examples: ROUTE-GROUP (route.group)
      | case | rule | change |
      | ROUTE-GROUP.a-number-instead-of-a-string | ROUTE-GROUP | a number instead of a string |
      | ROUTE-GROUP.the-field-left-out | ROUTE-GROUP | the field left out |
      | ROUTE-GROUP.resource-the-case-changed | ROUTE-GROUP | "RESOURCE", the case changed |
      | ROUTE-GROUP.a-value-outside-the-set | ROUTE-GROUP | a value outside the set |

    @rule.ROUTE-OPERATION
    Examples: ROUTE-OPERATION (route.operation)
      | case | rule | change |
      | ROUTE-OPERATION.a-number-instead-of-a-string | ROUTE-OPERATION | a number instead of a string |
      | ROUTE-OPERATION.the-field-left-out | ROUTE-OPERATION | the field left out |
      | ROUTE-OPERATION.update-the-case-changed | ROUTE-OPERATION | "UPDATE", the case changed |
      | ROUTE-OPERATION.a-value-outside-the-set | ROUTE-OPERATION | a value outside the set |

    @rule.ROUTE-RESOURCE
    Examples: ROUTE-RESOURCE (route.resource)
      | case | rule | change |
      | ROUTE-RESOURCE.a-number-instead-of-a-string | ROUTE-RESOURCE | a number instead of a string |
      | ROUTE-RESOURCE.the-field-left-out | ROUTE-RESOURCE | the field left out |
      | ROUTE-RESOURCE.a-resource-outside-websocket-pod | ROUTE-RESOURCE | a resource outside websocket/pod/ |
      | ROUTE-RESOURCE.names-another-pod | ROUTE-RESOURCE | a resource that names another pod |

    @rule.CONTENT-OBJECT
    Examples: CONTENT-OBJECT (content)
      | case | rule | change |
      | CONTENT-OBJECT.a-string-instead-of-an-object | CONTENT-OBJECT | a string instead of an object |
      | CONTENT-OBJECT.the-field-left-out | CONTENT-OBJECT | the field left out |

    @rule.META
    Examples: META (content.metadata)
      | case | rule | change |
      | META.a-string-instead-of-an-object | META | a string instead of an object |
      | META.the-field-left-out | META | the field left out |

    @rule.META-NAME
    Examples: META-NAME (content.metadata.name)
      | case | rule | change |
      | META-NAME.a-number-instead-of-a-string | META-NAME | a number instead of a string |
      | META-NAME.the-field-left-out | META-NAME | the field left out |
      | META-NAME.a-name-of-129-characters | META-NAME | a name of 129 characters |
      | META-NAME.an-upper-case-name | META-NAME | an upper-case name |
      | META-NAME.a-name-ending-in | META-NAME | a name ending in '-' |
      | META-NAME.an-empty-name | META-NAME | an empty name |
      | META-NAME.a-name-with | META-NAME | a name with '_' |

  Scenario Outline: A frame that is not a pod update gets no OK
    Given the frame of case "<case>"
    When the controller sends it, followed by a conformant pod update
    Then the edge does not answer it OK
    And the edge answers the conformant pod update behind it OK

    @rule.MESSAGE
    Examples: frames
      | case | rule | change |
      | FRAME.not-json | MESSAGE | a text frame that is not JSON |
      | FRAME.truncated-json | MESSAGE | a pod update cut off in the middle |
      | FRAME.empty-object | MESSAGE | an empty JSON object |
      | FRAME.json-array | MESSAGE | a JSON array |
      | FRAME.binary | MESSAGE | a binary frame |
