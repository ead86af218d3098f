# Generated from the rule table by `edgeconform generate`; do not edit by hand.
@edge @vendor-envelope
Feature: Under the vendor profile, a message the vendor's edge drops is never answered OK
  Each example breaks the vendor's envelope allow-list or its 1 MiB read cut (a pod name that is
  not `<name>-<uuid>` breaks route.resource too): the vendor's edge drops it unanswered. No OK,
  and a conformant update right behind it is still answered. Run with --profile vendor only.

  Scenario Outline: A message the vendor's edge drops gets no OK
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
      | HDR-MSG-ID.an-upper-case-uuid-which-the-vendor-drops | HDR-MSG-ID | an upper-case UUID, which the vendor drops |

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
      | HDR-RESOURCEVERSION.33-digits | HDR-RESOURCEVERSION | 33 digits |
      | HDR-RESOURCEVERSION.a-version-with-a-letter | HDR-RESOURCEVERSION | a version with a letter |

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
      | ROUTE-RESOURCE.a-name-without-a-uuid | ROUTE-RESOURCE | a name without a uuid |
      | ROUTE-RESOURCE.a-65-character-name-and-a-uuid | ROUTE-RESOURCE | a 65-character name and a uuid |
      | ROUTE-RESOURCE.names-another-pod | ROUTE-RESOURCE | a resource that names another pod |

    @rule.CONTENT-OBJECT
    Examples: CONTENT-OBJECT (content)
      | case | rule | change |
      | CONTENT-OBJECT.a-string-instead-of-an-object | CONTENT-OBJECT | a string instead of an object |

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

    @rule.VENDOR-READ-LIMIT
    Examples: VENDOR-READ-LIMIT ($)
      | case | rule | change |
      | VENDOR-READ-LIMIT.past-1-mib | VENDOR-READ-LIMIT | a message padded to 64 bytes past 1 MiB |
