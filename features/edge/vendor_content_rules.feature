# Generated from the rule table by `edgeconform generate`; do not edit by hand.
@edge @vendor-content-rules
Feature: Under the vendor profile, a pod the vendor's edge refuses is answered FAILED
  Each example breaks one check of the vendor's own edge with an envelope it accepts; the vendor
  answers FAILED (operation "error", source "metaManager"). Run with --profile vendor only.

  Scenario Outline: A pod the vendor's edge refuses is rejected
    Given the conformant pod update changed by case "<case>"
    When the controller sends it
    Then the edge answers with a failure

    @rule.META-CREATION-TIMESTAMP
    Examples: META-CREATION-TIMESTAMP (content.metadata.creationTimestamp)
      | case | rule | change |
      | META-CREATION-TIMESTAMP.a-number-instead-of-a-string | META-CREATION-TIMESTAMP | a number instead of a string |
      | META-CREATION-TIMESTAMP.a-date-without-a-time | META-CREATION-TIMESTAMP | a date without a time |
      | META-CREATION-TIMESTAMP.the-30th-of-february | META-CREATION-TIMESTAMP | the 30th of February |
      | META-CREATION-TIMESTAMP.a-time-without-a-zone | META-CREATION-TIMESTAMP | a time without a zone |
      | META-CREATION-TIMESTAMP.a-space-instead-of-t | META-CREATION-TIMESTAMP | a space instead of T |
      | META-CREATION-TIMESTAMP.the-29th-of-february-of-2023 | META-CREATION-TIMESTAMP | the 29th of February of 2023 |
      | META-CREATION-TIMESTAMP.hour-24 | META-CREATION-TIMESTAMP | hour 24 |

    @rule.META-NAMESPACE
    Examples: META-NAMESPACE (content.metadata.namespace)
      | case | rule | change |
      | META-NAMESPACE.a-number-instead-of-a-string | META-NAMESPACE | a number instead of a string |
      | META-NAMESPACE.websocket-the-case-changed | META-NAMESPACE | "WEBSOCKET", the case changed |
      | META-NAMESPACE.a-value-outside-the-set | META-NAMESPACE | a value outside the set |

    @rule.META-RESOURCE-VERSION
    Examples: META-RESOURCE-VERSION (content.metadata.resourceVersion)
      | case | rule | change |
      | META-RESOURCE-VERSION.a-number-instead-of-a-string | META-RESOURCE-VERSION | a number instead of a string |
      | META-RESOURCE-VERSION.65-characters | META-RESOURCE-VERSION | 65 characters |
      | META-RESOURCE-VERSION.a-version-with | META-RESOURCE-VERSION | a version with '-' |

    @rule.META-UID
    Examples: META-UID (content.metadata.uid)
      | case | rule | change |
      | META-UID.a-number-instead-of-a-string | META-UID | a number instead of a string |
      | META-UID.an-upper-case-uid | META-UID | an upper-case uid |
      | META-UID.a-truncated-uid | META-UID | a truncated uid |

    @rule.META-DELETION-TIMESTAMP
    Examples: META-DELETION-TIMESTAMP (content.metadata.deletionTimestamp)
      | case | rule | change |
      | META-DELETION-TIMESTAMP.a-number-instead-of-a-string | META-DELETION-TIMESTAMP | a number instead of a string |
      | META-DELETION-TIMESTAMP.a-unix-time-in-a-string | META-DELETION-TIMESTAMP | a Unix time in a string |
      | META-DELETION-TIMESTAMP.a-time-without-a-zone | META-DELETION-TIMESTAMP | a time without a zone |

    @rule.META-DELETION-GRACE-PERIOD
    Examples: META-DELETION-GRACE-PERIOD (content.metadata.deletionGracePeriodSeconds)
      | case | rule | change |
      | META-DELETION-GRACE-PERIOD.a-string-instead-of-an-integer | META-DELETION-GRACE-PERIOD | a string instead of an integer |
      | META-DELETION-GRACE-PERIOD.a-float-instead-of-an-integer | META-DELETION-GRACE-PERIOD | a float instead of an integer |
      | META-DELETION-GRACE-PERIOD.a-boolean-instead-of-an-integer | META-DELETION-GRACE-PERIOD | a boolean instead of an integer |
      | META-DELETION-GRACE-PERIOD.an-integer-past-the-int64-range | META-DELETION-GRACE-PERIOD | an integer past the int64 range |
      | META-DELETION-GRACE-PERIOD.1-below-the-range | META-DELETION-GRACE-PERIOD | -1, below the range |
      | META-DELETION-GRACE-PERIOD.121-above-the-range | META-DELETION-GRACE-PERIOD | 121, above the range |

    @rule.SPEC
    Examples: SPEC (content.spec)
      | case | rule | change |
      | SPEC.a-string-instead-of-an-object | SPEC | a string instead of an object |
      | SPEC.the-field-left-out | SPEC | the field left out |

    @rule.VOL-LIST
    Examples: VOL-LIST (content.spec.Volumes)
      | case | rule | change |
      | VOL-LIST.an-object-instead-of-an-array | VOL-LIST | an object instead of an array |
      | VOL-LIST.257-elements-one-too-many | VOL-LIST | 257 elements, one too many |

    @rule.VOL-HOSTPATH
    Examples: VOL-HOSTPATH (content.spec.Volumes[].hostPath)
      | case | rule | change |
      | VOL-HOSTPATH.a-string-instead-of-an-object | VOL-HOSTPATH | a string instead of an object |

    @rule.VOL-HOSTPATH-PATH
    Examples: VOL-HOSTPATH-PATH (content.spec.Volumes[].hostPath.path)
      | case | rule | change |
      | VOL-HOSTPATH-PATH.a-number-instead-of-a-string | VOL-HOSTPATH-PATH | a number instead of a string |
      | VOL-HOSTPATH-PATH.the-field-left-out | VOL-HOSTPATH-PATH | the field left out |
      | VOL-HOSTPATH-PATH.a-relative-path | VOL-HOSTPATH-PATH | a relative path |
      | VOL-HOSTPATH-PATH.a-path-with | VOL-HOSTPATH-PATH | a path with '..' |
      | VOL-HOSTPATH-PATH.a-path-of-1025-characters | VOL-HOSTPATH-PATH | a path of 1025 characters |
      | VOL-HOSTPATH-PATH.a-path-with-a-space | VOL-HOSTPATH-PATH | a path with a space |
      | VOL-HOSTPATH-PATH.a-path-ending-in-a-newline | VOL-HOSTPATH-PATH | a path ending in a newline |

    @rule.VOL-HOSTPATH-TYPE
    Examples: VOL-HOSTPATH-TYPE (content.spec.Volumes[].hostPath.type)
      | case | rule | change |
      | VOL-HOSTPATH-TYPE.a-number-instead-of-a-string | VOL-HOSTPATH-TYPE | a number instead of a string |
      | VOL-HOSTPATH-TYPE.a-non-empty-string | VOL-HOSTPATH-TYPE | a non-empty string |
      | VOL-HOSTPATH-TYPE.a-kubernetes-type-the-table-does-not-allow | VOL-HOSTPATH-TYPE | a Kubernetes type the table does not allow |
      | VOL-HOSTPATH-TYPE.the-field-left-out-which-the-vendor-refuses | VOL-HOSTPATH-TYPE | the field left out, which the vendor refuses |

    @rule.VOL-CONFIGMAP
    Examples: VOL-CONFIGMAP (content.spec.Volumes[].configMap)
      | case | rule | change |
      | VOL-CONFIGMAP.a-string-instead-of-an-object | VOL-CONFIGMAP | a string instead of an object |

    @rule.VOL-CONFIGMAP-DEFAULT-MODE
    Examples: VOL-CONFIGMAP-DEFAULT-MODE (content.spec.Volumes[].configMap.defaultMode)
      | case | rule | change |
      | VOL-CONFIGMAP-DEFAULT-MODE.a-string-instead-of-an-integer | VOL-CONFIGMAP-DEFAULT-MODE | a string instead of an integer |
      | VOL-CONFIGMAP-DEFAULT-MODE.a-float-instead-of-an-integer | VOL-CONFIGMAP-DEFAULT-MODE | a float instead of an integer |
      | VOL-CONFIGMAP-DEFAULT-MODE.a-boolean-instead-of-an-integer | VOL-CONFIGMAP-DEFAULT-MODE | a boolean instead of an integer |
      | VOL-CONFIGMAP-DEFAULT-MODE.an-integer-past-the-int32-range | VOL-CONFIGMAP-DEFAULT-MODE | an integer past the int32 range |
      | VOL-CONFIGMAP-DEFAULT-MODE.the-field-left-out | VOL-CONFIGMAP-DEFAULT-MODE | the field left out |
      | VOL-CONFIGMAP-DEFAULT-MODE.421-instead-of-420 | VOL-CONFIGMAP-DEFAULT-MODE | 421 instead of 420 |
      | VOL-CONFIGMAP-DEFAULT-MODE.644-the-octal-digits-read-as-decimal | VOL-CONFIGMAP-DEFAULT-MODE | 644, the octal digits read as decimal |
      | VOL-CONFIGMAP-DEFAULT-MODE.0755-in-decimal-493 | VOL-CONFIGMAP-DEFAULT-MODE | 0755 in decimal (493) |

    @rule.VOL-CONFIGMAP-NAME
    Examples: VOL-CONFIGMAP-NAME (content.spec.Volumes[].configMap.name)
      | case | rule | change |
      | VOL-CONFIGMAP-NAME.a-number-instead-of-a-string | VOL-CONFIGMAP-NAME | a number instead of a string |
      | VOL-CONFIGMAP-NAME.the-field-left-out | VOL-CONFIGMAP-NAME | the field left out |
      | VOL-CONFIGMAP-NAME.3-characters | VOL-CONFIGMAP-NAME | 3 characters |
      | VOL-CONFIGMAP-NAME.65-characters | VOL-CONFIGMAP-NAME | 65 characters |
      | VOL-CONFIGMAP-NAME.a-name-starting-with-a-digit | VOL-CONFIGMAP-NAME | a name starting with a digit |

    @rule.VOL-EMPTYDIR
    Examples: VOL-EMPTYDIR (content.spec.Volumes[].emptyDir)
      | case | rule | change |
      | VOL-EMPTYDIR.a-string-instead-of-an-object | VOL-EMPTYDIR | a string instead of an object |

    @rule.VOL-EMPTYDIR-MEDIUM
    Examples: VOL-EMPTYDIR-MEDIUM (content.spec.Volumes[].emptyDir.medium)
      | case | rule | change |
      | VOL-EMPTYDIR-MEDIUM.a-number-instead-of-a-string | VOL-EMPTYDIR-MEDIUM | a number instead of a string |
      | VOL-EMPTYDIR-MEDIUM.a-non-empty-string | VOL-EMPTYDIR-MEDIUM | a non-empty string |
      | VOL-EMPTYDIR-MEDIUM.memory-as-the-document-s-example-sends-erratum-1 | VOL-EMPTYDIR-MEDIUM | Memory, as the document's example sends (erratum 1) |

    @rule.VOL-NAME
    Examples: VOL-NAME (content.spec.Volumes[].name)
      | case | rule | change |
      | VOL-NAME.a-number-instead-of-a-string | VOL-NAME | a number instead of a string |
      | VOL-NAME.the-field-left-out | VOL-NAME | the field left out |
      | VOL-NAME.64-characters | VOL-NAME | 64 characters |
      | VOL-NAME.an-empty-name | VOL-NAME | an empty name |
      | VOL-NAME.a-name-with | VOL-NAME | a name with '_' |

    @rule.CTR-LIST
    Examples: CTR-LIST (content.spec.containers)
      | case | rule | change |
      | CTR-LIST.an-object-instead-of-an-array | CTR-LIST | an object instead of an array |
      | CTR-LIST.the-field-left-out | CTR-LIST | the field left out |
      | CTR-LIST.11-elements-one-too-many | CTR-LIST | 11 elements, one too many |
      | CTR-LIST.0-elements-one-too-few | CTR-LIST | 0 elements, one too few |

    @rule.CTR-ENV-LIST
    Examples: CTR-ENV-LIST (content.spec.containers[].env)
      | case | rule | change |
      | CTR-ENV-LIST.an-object-instead-of-an-array | CTR-ENV-LIST | an object instead of an array |
      | CTR-ENV-LIST.257-elements-one-too-many | CTR-ENV-LIST | 257 elements, one too many |

    @rule.CTR-ENV-NAME
    Examples: CTR-ENV-NAME (content.spec.containers[].env[].name)
      | case | rule | change |
      | CTR-ENV-NAME.a-number-instead-of-a-string | CTR-ENV-NAME | a number instead of a string |
      | CTR-ENV-NAME.the-field-left-out | CTR-ENV-NAME | the field left out |
      | CTR-ENV-NAME.1-character | CTR-ENV-NAME | 1 character |
      | CTR-ENV-NAME.33-characters | CTR-ENV-NAME | 33 characters |
      | CTR-ENV-NAME.a-name-starting-with-a-digit | CTR-ENV-NAME | a name starting with a digit |
      | CTR-ENV-NAME.a-name-ending-in | CTR-ENV-NAME | a name ending in '.' |
      | CTR-ENV-NAME.a-name-with-which-a-z-admits | CTR-ENV-NAME | a name with '^', which A-z admits |

    @rule.CTR-ENV-VALUE
    Examples: CTR-ENV-VALUE (content.spec.containers[].env[].value)
      | case | rule | change |
      | CTR-ENV-VALUE.a-number-instead-of-a-string | CTR-ENV-VALUE | a number instead of a string |
      | CTR-ENV-VALUE.the-field-left-out | CTR-ENV-VALUE | the field left out |
      | CTR-ENV-VALUE.an-empty-value | CTR-ENV-VALUE | an empty value |
      | CTR-ENV-VALUE.513-characters | CTR-ENV-VALUE | 513 characters |
      | CTR-ENV-VALUE.a-value-with | CTR-ENV-VALUE | a value with '$' |

    @rule.CTR-IMAGE
    Examples: CTR-IMAGE (content.spec.containers[].image)
      | case | rule | change |
      | CTR-IMAGE.a-number-instead-of-a-string | CTR-IMAGE | a number instead of a string |
      | CTR-IMAGE.289-characters | CTR-IMAGE | 289 characters |
      | CTR-IMAGE.an-image-with | CTR-IMAGE | an image with '@' |

    @rule.CTR-IMAGE-PULL-POLICY
    Examples: CTR-IMAGE-PULL-POLICY (content.spec.containers[].imagePullPolicy)
      | case | rule | change |
      | CTR-IMAGE-PULL-POLICY.a-number-instead-of-a-string | CTR-IMAGE-PULL-POLICY | a number instead of a string |
      | CTR-IMAGE-PULL-POLICY.ifnotpresent-the-case-changed | CTR-IMAGE-PULL-POLICY | "iFnOTpRESENT", the case changed |
      | CTR-IMAGE-PULL-POLICY.a-value-outside-the-set | CTR-IMAGE-PULL-POLICY | a value outside the set |
      | CTR-IMAGE-PULL-POLICY.never-which-kubernetes-allows-but-the-table-does | CTR-IMAGE-PULL-POLICY | Never, which Kubernetes allows but the table does not |

    @rule.CTR-NAME
    Examples: CTR-NAME (content.spec.containers[].name)
      | case | rule | change |
      | CTR-NAME.a-number-instead-of-a-string | CTR-NAME | a number instead of a string |
      | CTR-NAME.the-field-left-out | CTR-NAME | the field left out |
      | CTR-NAME.33-characters | CTR-NAME | 33 characters |
      | CTR-NAME.an-upper-case-name | CTR-NAME | an upper-case name |
      | CTR-NAME.an-empty-name | CTR-NAME | an empty name |

    @rule.CTR-TERMINATION-MESSAGE-PATH
    Examples: CTR-TERMINATION-MESSAGE-PATH (content.spec.containers[].terminationMessagePath)
      | case | rule | change |
      | CTR-TERMINATION-MESSAGE-PATH.a-number-instead-of-a-string | CTR-TERMINATION-MESSAGE-PATH | a number instead of a string |
      | CTR-TERMINATION-MESSAGE-PATH.dev-termination-log-the-case-changed | CTR-TERMINATION-MESSAGE-PATH | "/DEV/TERMINATION-LOG", the case changed |
      | CTR-TERMINATION-MESSAGE-PATH.a-value-outside-the-set | CTR-TERMINATION-MESSAGE-PATH | a value outside the set |

    @rule.CTR-TERMINATION-MESSAGE-POLICY
    Examples: CTR-TERMINATION-MESSAGE-POLICY (content.spec.containers[].terminationMessagePolicy)
      | case | rule | change |
      | CTR-TERMINATION-MESSAGE-POLICY.a-number-instead-of-a-string | CTR-TERMINATION-MESSAGE-POLICY | a number instead of a string |
      | CTR-TERMINATION-MESSAGE-POLICY.file-the-case-changed | CTR-TERMINATION-MESSAGE-POLICY | "fILE", the case changed |
      | CTR-TERMINATION-MESSAGE-POLICY.a-value-outside-the-set | CTR-TERMINATION-MESSAGE-POLICY | a value outside the set |
      | CTR-TERMINATION-MESSAGE-POLICY.fallbacktologsonerror-which-the-table-does-not-a | CTR-TERMINATION-MESSAGE-POLICY | FallbackToLogsOnError, which the table does not allow |

    @rule.PROBE
    Examples: PROBE (content.spec.containers[].livenessProbe, content.spec.containers[].readinessProbe)
      | case | rule | change |
      | PROBE.a-string-instead-of-an-object | PROBE | a string instead of an object |

    @rule.PROBE-EXEC
    Examples: PROBE-EXEC (content.spec.containers[].livenessProbe.exec, content.spec.containers[].readinessProbe.exec)
      | case | rule | change |
      | PROBE-EXEC.a-string-instead-of-an-object | PROBE-EXEC | a string instead of an object |

    @rule.PROBE-EXEC-COMMAND
    Examples: PROBE-EXEC-COMMAND (content.spec.containers[].livenessProbe.exec.Command, content.spec.containers[].readinessProbe.exec.Command)
      | case | rule | change |
      | PROBE-EXEC-COMMAND.an-object-instead-of-an-array | PROBE-EXEC-COMMAND | an object instead of an array |
      | PROBE-EXEC-COMMAND.2-elements-one-too-many | PROBE-EXEC-COMMAND | 2 elements, one too many |
      | PROBE-EXEC-COMMAND.two-elements | PROBE-EXEC-COMMAND | two elements |
      | PROBE-EXEC-COMMAND.a-relative-command | PROBE-EXEC-COMMAND | a relative command |
      | PROBE-EXEC-COMMAND.a-command-with | PROBE-EXEC-COMMAND | a command with '..' |
      | PROBE-EXEC-COMMAND.a-command-of-1025-characters | PROBE-EXEC-COMMAND | a command of 1025 characters |
      | PROBE-EXEC-COMMAND.a-number-as-the-command | PROBE-EXEC-COMMAND | a number as the command |

    @rule.PROBE-FAILURE-THRESHOLD
    Examples: PROBE-FAILURE-THRESHOLD (content.spec.containers[].livenessProbe.failureThreshold, content.spec.containers[].readinessProbe.failureThreshold)
      | case | rule | change |
      | PROBE-FAILURE-THRESHOLD.a-string-instead-of-an-integer | PROBE-FAILURE-THRESHOLD | a string instead of an integer |
      | PROBE-FAILURE-THRESHOLD.a-float-instead-of-an-integer | PROBE-FAILURE-THRESHOLD | a float instead of an integer |
      | PROBE-FAILURE-THRESHOLD.a-boolean-instead-of-an-integer | PROBE-FAILURE-THRESHOLD | a boolean instead of an integer |
      | PROBE-FAILURE-THRESHOLD.an-integer-past-the-int32-range | PROBE-FAILURE-THRESHOLD | an integer past the int32 range |
      | PROBE-FAILURE-THRESHOLD.4-instead-of-3 | PROBE-FAILURE-THRESHOLD | 4 instead of 3 |

    @rule.PROBE-HTTPGET
    Examples: PROBE-HTTPGET (content.spec.containers[].livenessProbe.httpGet, content.spec.containers[].readinessProbe.httpGet)
      | case | rule | change |
      | PROBE-HTTPGET.a-string-instead-of-an-object | PROBE-HTTPGET | a string instead of an object |

    @rule.PROBE-HTTPGET-HOST
    Examples: PROBE-HTTPGET-HOST (content.spec.containers[].livenessProbe.httpGet.Host, content.spec.containers[].readinessProbe.httpGet.Host)
      | case | rule | change |
      | PROBE-HTTPGET-HOST.a-number-instead-of-a-string | PROBE-HTTPGET-HOST | a number instead of a string |
      | PROBE-HTTPGET-HOST.a-host-name | PROBE-HTTPGET-HOST | a host name |
      | PROBE-HTTPGET-HOST.an-ipv4-address-with-a-leading-zero | PROBE-HTTPGET-HOST | an IPv4 address with a leading zero |
      | PROBE-HTTPGET-HOST.the-document-s-redaction | PROBE-HTTPGET-HOST | the document's redaction |
      | PROBE-HTTPGET-HOST.an-ipv6-address-with-a-zone | PROBE-HTTPGET-HOST | an IPv6 address with a zone |

    @rule.PROBE-HTTPGET-PATH
    Examples: PROBE-HTTPGET-PATH (content.spec.containers[].livenessProbe.httpGet.Path, content.spec.containers[].readinessProbe.httpGet.Path)
      | case | rule | change |
      | PROBE-HTTPGET-PATH.a-number-instead-of-a-string | PROBE-HTTPGET-PATH | a number instead of a string |
      | PROBE-HTTPGET-PATH.a-relative-path | PROBE-HTTPGET-PATH | a relative path |
      | PROBE-HTTPGET-PATH.a-path-with | PROBE-HTTPGET-PATH | a path with '..' |
      | PROBE-HTTPGET-PATH.a-path-of-1025-characters | PROBE-HTTPGET-PATH | a path of 1025 characters |
      | PROBE-HTTPGET-PATH.a-path-with-a-space | PROBE-HTTPGET-PATH | a path with a space |
      | PROBE-HTTPGET-PATH.a-path-ending-in-a-newline | PROBE-HTTPGET-PATH | a path ending in a newline |

    @rule.PROBE-HTTPGET-PORT
    Examples: PROBE-HTTPGET-PORT (content.spec.containers[].livenessProbe.httpGet.Port, content.spec.containers[].readinessProbe.httpGet.Port)
      | case | rule | change |
      | PROBE-HTTPGET-PORT.a-string-instead-of-an-integer | PROBE-HTTPGET-PORT | a string instead of an integer |
      | PROBE-HTTPGET-PORT.a-float-instead-of-an-integer | PROBE-HTTPGET-PORT | a float instead of an integer |
      | PROBE-HTTPGET-PORT.a-boolean-instead-of-an-integer | PROBE-HTTPGET-PORT | a boolean instead of an integer |
      | PROBE-HTTPGET-PORT.an-integer-past-the-int32-range | PROBE-HTTPGET-PORT | an integer past the int32 range |
      | PROBE-HTTPGET-PORT.the-field-left-out | PROBE-HTTPGET-PORT | the field left out |
      | PROBE-HTTPGET-PORT.0-below-the-range | PROBE-HTTPGET-PORT | 0, below the range |
      | PROBE-HTTPGET-PORT.65536-above-the-range | PROBE-HTTPGET-PORT | 65536, above the range |

    @rule.PROBE-HTTPGET-SCHEME
    Examples: PROBE-HTTPGET-SCHEME (content.spec.containers[].livenessProbe.httpGet.Scheme, content.spec.containers[].readinessProbe.httpGet.Scheme)
      | case | rule | change |
      | PROBE-HTTPGET-SCHEME.a-number-instead-of-a-string | PROBE-HTTPGET-SCHEME | a number instead of a string |
      | PROBE-HTTPGET-SCHEME.http-the-case-changed | PROBE-HTTPGET-SCHEME | "http", the case changed |
      | PROBE-HTTPGET-SCHEME.a-value-outside-the-set | PROBE-HTTPGET-SCHEME | a value outside the set |
      | PROBE-HTTPGET-SCHEME.http-in-lower-case-as-the-document-s-example-sen | PROBE-HTTPGET-SCHEME | http in lower case, as the document's example sends (erratum 3) |

    @rule.PROBE-INITIAL-DELAY
    Examples: PROBE-INITIAL-DELAY (content.spec.containers[].livenessProbe.initialDelaySeconds, content.spec.containers[].readinessProbe.initialDelaySeconds)
      | case | rule | change |
      | PROBE-INITIAL-DELAY.a-string-instead-of-an-integer | PROBE-INITIAL-DELAY | a string instead of an integer |
      | PROBE-INITIAL-DELAY.a-float-instead-of-an-integer | PROBE-INITIAL-DELAY | a float instead of an integer |
      | PROBE-INITIAL-DELAY.a-boolean-instead-of-an-integer | PROBE-INITIAL-DELAY | a boolean instead of an integer |
      | PROBE-INITIAL-DELAY.an-integer-past-the-int32-range | PROBE-INITIAL-DELAY | an integer past the int32 range |
      | PROBE-INITIAL-DELAY.3601-above-the-range | PROBE-INITIAL-DELAY | 3601, above the range |

    @rule.PROBE-PERIOD
    Examples: PROBE-PERIOD (content.spec.containers[].livenessProbe.periodSeconds, content.spec.containers[].readinessProbe.periodSeconds)
      | case | rule | change |
      | PROBE-PERIOD.a-string-instead-of-an-integer | PROBE-PERIOD | a string instead of an integer |
      | PROBE-PERIOD.a-float-instead-of-an-integer | PROBE-PERIOD | a float instead of an integer |
      | PROBE-PERIOD.a-boolean-instead-of-an-integer | PROBE-PERIOD | a boolean instead of an integer |
      | PROBE-PERIOD.an-integer-past-the-int32-range | PROBE-PERIOD | an integer past the int32 range |
      | PROBE-PERIOD.3601-above-the-range | PROBE-PERIOD | 3601, above the range |

    @rule.PROBE-SUCCESS-THRESHOLD
    Examples: PROBE-SUCCESS-THRESHOLD (content.spec.containers[].livenessProbe.successThreshold, content.spec.containers[].readinessProbe.successThreshold)
      | case | rule | change |
      | PROBE-SUCCESS-THRESHOLD.a-string-instead-of-an-integer | PROBE-SUCCESS-THRESHOLD | a string instead of an integer |
      | PROBE-SUCCESS-THRESHOLD.a-float-instead-of-an-integer | PROBE-SUCCESS-THRESHOLD | a float instead of an integer |
      | PROBE-SUCCESS-THRESHOLD.a-boolean-instead-of-an-integer | PROBE-SUCCESS-THRESHOLD | a boolean instead of an integer |
      | PROBE-SUCCESS-THRESHOLD.an-integer-past-the-int32-range | PROBE-SUCCESS-THRESHOLD | an integer past the int32 range |
      | PROBE-SUCCESS-THRESHOLD.2-instead-of-1 | PROBE-SUCCESS-THRESHOLD | 2 instead of 1 |

    @rule.PROBE-TIMEOUT
    Examples: PROBE-TIMEOUT (content.spec.containers[].livenessProbe.timeoutSeconds, content.spec.containers[].readinessProbe.timeoutSeconds)
      | case | rule | change |
      | PROBE-TIMEOUT.a-string-instead-of-an-integer | PROBE-TIMEOUT | a string instead of an integer |
      | PROBE-TIMEOUT.a-float-instead-of-an-integer | PROBE-TIMEOUT | a float instead of an integer |
      | PROBE-TIMEOUT.a-boolean-instead-of-an-integer | PROBE-TIMEOUT | a boolean instead of an integer |
      | PROBE-TIMEOUT.an-integer-past-the-int32-range | PROBE-TIMEOUT | an integer past the int32 range |
      | PROBE-TIMEOUT.3601-above-the-range | PROBE-TIMEOUT | 3601, above the range |

    @rule.PORT-LIST
    Examples: PORT-LIST (content.spec.containers[].ports)
      | case | rule | change |
      | PORT-LIST.an-object-instead-of-an-array | PORT-LIST | an object instead of an array |
      | PORT-LIST.17-elements-one-too-many | PORT-LIST | 17 elements, one too many |

    @rule.PORT-CONTAINER-PORT
    Examples: PORT-CONTAINER-PORT (content.spec.containers[].ports[].containerPort)
      | case | rule | change |
      | PORT-CONTAINER-PORT.a-string-instead-of-an-integer | PORT-CONTAINER-PORT | a string instead of an integer |
      | PORT-CONTAINER-PORT.a-float-instead-of-an-integer | PORT-CONTAINER-PORT | a float instead of an integer |
      | PORT-CONTAINER-PORT.a-boolean-instead-of-an-integer | PORT-CONTAINER-PORT | a boolean instead of an integer |
      | PORT-CONTAINER-PORT.an-integer-past-the-int32-range | PORT-CONTAINER-PORT | an integer past the int32 range |
      | PORT-CONTAINER-PORT.the-field-left-out | PORT-CONTAINER-PORT | the field left out |
      | PORT-CONTAINER-PORT.0-below-the-range | PORT-CONTAINER-PORT | 0, below the range |
      | PORT-CONTAINER-PORT.65536-above-the-range | PORT-CONTAINER-PORT | 65536, above the range |

    @rule.PORT-HOST-PORT
    Examples: PORT-HOST-PORT (content.spec.containers[].ports[].hostPort)
      | case | rule | change |
      | PORT-HOST-PORT.a-string-instead-of-an-integer | PORT-HOST-PORT | a string instead of an integer |
      | PORT-HOST-PORT.a-float-instead-of-an-integer | PORT-HOST-PORT | a float instead of an integer |
      | PORT-HOST-PORT.a-boolean-instead-of-an-integer | PORT-HOST-PORT | a boolean instead of an integer |
      | PORT-HOST-PORT.an-integer-past-the-int32-range | PORT-HOST-PORT | an integer past the int32 range |
      | PORT-HOST-PORT.the-field-left-out | PORT-HOST-PORT | the field left out |
      | PORT-HOST-PORT.1023-below-the-range | PORT-HOST-PORT | 1023, below the range |
      | PORT-HOST-PORT.65536-above-the-range | PORT-HOST-PORT | 65536, above the range |

    @rule.PORT-PROTOCOL
    Examples: PORT-PROTOCOL (content.spec.containers[].ports[].protocol)
      | case | rule | change |
      | PORT-PROTOCOL.a-number-instead-of-a-string | PORT-PROTOCOL | a number instead of a string |
      | PORT-PROTOCOL.the-field-left-out | PORT-PROTOCOL | the field left out |
      | PORT-PROTOCOL.tcp-the-case-changed | PORT-PROTOCOL | "tcp", the case changed |
      | PORT-PROTOCOL.a-value-outside-the-set | PORT-PROTOCOL | a value outside the set |
      | PORT-PROTOCOL.sctp-which-kubernetes-allows-but-the-table-does | PORT-PROTOCOL | SCTP, which Kubernetes allows but the table does not |

    @rule.PORT-HOST-IP
    Examples: PORT-HOST-IP (content.spec.containers[].ports[].hostIP)
      | case | rule | change |
      | PORT-HOST-IP.a-number-instead-of-a-string | PORT-HOST-IP | a number instead of a string |
      | PORT-HOST-IP.the-field-left-out | PORT-HOST-IP | the field left out |
      | PORT-HOST-IP.0-0-0-0-all-0s-or-all-255s | PORT-HOST-IP | 0.0.0.0 (all 0s or all 255s) |
      | PORT-HOST-IP.255-255-255-255-all-0s-or-all-255s | PORT-HOST-IP | 255.255.255.255 (all 0s or all 255s) |
      | PORT-HOST-IP.an-empty-address | PORT-HOST-IP | an empty address |
      | PORT-HOST-IP.an-ipv6-address | PORT-HOST-IP | an IPv6 address |
      | PORT-HOST-IP.an-octet-of-256 | PORT-HOST-IP | an octet of 256 |
      | PORT-HOST-IP.the-document-s-redaction | PORT-HOST-IP | the document's redaction |
      | PORT-HOST-IP.a-leading-zero | PORT-HOST-IP | a leading zero |
      | PORT-HOST-IP.a-multicast-address | PORT-HOST-IP | a multicast address |
      | PORT-HOST-IP.a-link-local-address | PORT-HOST-IP | a link-local address |

    @rule.RES
    Examples: RES (content.spec.containers[].resources)
      | case | rule | change |
      | RES.a-string-instead-of-an-object | RES | a string instead of an object |

    @rule.RES-LIMITS
    Examples: RES-LIMITS (content.spec.containers[].resources.limits)
      | case | rule | change |
      | RES-LIMITS.a-string-instead-of-an-object | RES-LIMITS | a string instead of an object |
      | RES-LIMITS.a-resource-name-outside-the-list | RES-LIMITS | a resource name outside the list |
      | RES-LIMITS.cpu-in-upper-case | RES-LIMITS | CPU in upper case |
      | RES-LIMITS.a-quantity-that-is-not-one | RES-LIMITS | a quantity that is not one |
      | RES-LIMITS.npu-which-the-vendor-does-not-accept | RES-LIMITS | npu, which the vendor does not accept |

    @rule.RES-REQUESTS
    Examples: RES-REQUESTS (content.spec.containers[].resources.requests)
      | case | rule | change |
      | RES-REQUESTS.a-string-instead-of-an-object | RES-REQUESTS | a string instead of an object |
      | RES-REQUESTS.a-resource-name-outside-the-list | RES-REQUESTS | a resource name outside the list |
      | RES-REQUESTS.a-quantity-with-a-bad-suffix | RES-REQUESTS | a quantity with a bad suffix |
      | RES-REQUESTS.npu-which-the-vendor-does-not-accept | RES-REQUESTS | npu, which the vendor does not accept |

    @rule.SEC
    Examples: SEC (content.spec.containers[].securityContext)
      | case | rule | change |
      | SEC.a-string-instead-of-an-object | SEC | a string instead of an object |

    @rule.SEC-CAPABILITIES
    Examples: SEC-CAPABILITIES (content.spec.containers[].securityContext.capabilities)
      | case | rule | change |
      | SEC-CAPABILITIES.a-string-instead-of-an-object | SEC-CAPABILITIES | a string instead of an object |

    @rule.SEC-CAPABILITIES-ADD
    Examples: SEC-CAPABILITIES-ADD (content.spec.containers[].securityContext.capabilities.add)
      | case | rule | change |
      | SEC-CAPABILITIES-ADD.an-object-instead-of-an-array | SEC-CAPABILITIES-ADD | an object instead of an array |
      | SEC-CAPABILITIES-ADD.6-elements-one-too-many | SEC-CAPABILITIES-ADD | 6 elements, one too many |
      | SEC-CAPABILITIES-ADD.six-capabilities | SEC-CAPABILITIES-ADD | six capabilities |
      | SEC-CAPABILITIES-ADD.a-name-of-33-characters | SEC-CAPABILITIES-ADD | a name of 33 characters |

    @rule.SEC-PRIVILEGED
    Examples: SEC-PRIVILEGED (content.spec.containers[].securityContext.privileged)
      | case | rule | change |
      | SEC-PRIVILEGED.a-string-instead-of-a-boolean | SEC-PRIVILEGED | a string instead of a boolean |

    @rule.SEC-RUN-AS-GROUP
    Examples: SEC-RUN-AS-GROUP (content.spec.containers[].securityContext.runAsGroup)
      | case | rule | change |
      | SEC-RUN-AS-GROUP.a-string-instead-of-an-integer | SEC-RUN-AS-GROUP | a string instead of an integer |
      | SEC-RUN-AS-GROUP.a-float-instead-of-an-integer | SEC-RUN-AS-GROUP | a float instead of an integer |
      | SEC-RUN-AS-GROUP.a-boolean-instead-of-an-integer | SEC-RUN-AS-GROUP | a boolean instead of an integer |
      | SEC-RUN-AS-GROUP.an-integer-past-the-int64-range | SEC-RUN-AS-GROUP | an integer past the int64 range |
      | SEC-RUN-AS-GROUP.65536-above-the-range | SEC-RUN-AS-GROUP | 65536, above the range |
      | SEC-RUN-AS-GROUP.1-below-the-range | SEC-RUN-AS-GROUP | -1, below the range |

    @rule.SEC-RUN-AS-USER
    Examples: SEC-RUN-AS-USER (content.spec.containers[].securityContext.runAsUser)
      | case | rule | change |
      | SEC-RUN-AS-USER.a-string-instead-of-an-integer | SEC-RUN-AS-USER | a string instead of an integer |
      | SEC-RUN-AS-USER.a-float-instead-of-an-integer | SEC-RUN-AS-USER | a float instead of an integer |
      | SEC-RUN-AS-USER.a-boolean-instead-of-an-integer | SEC-RUN-AS-USER | a boolean instead of an integer |
      | SEC-RUN-AS-USER.an-integer-past-the-int64-range | SEC-RUN-AS-USER | an integer past the int64 range |
      | SEC-RUN-AS-USER.65536-above-the-range | SEC-RUN-AS-USER | 65536, above the range |
      | SEC-RUN-AS-USER.1-below-the-range | SEC-RUN-AS-USER | -1, below the range |

    @rule.MOUNT-LIST
    Examples: MOUNT-LIST (content.spec.containers[].volumeMounts)
      | case | rule | change |
      | MOUNT-LIST.an-object-instead-of-an-array | MOUNT-LIST | an object instead of an array |
      | MOUNT-LIST.257-elements-one-too-many | MOUNT-LIST | 257 elements, one too many |

    @rule.MOUNT-PATH
    Examples: MOUNT-PATH (content.spec.containers[].volumeMounts[].mountPath)
      | case | rule | change |
      | MOUNT-PATH.a-number-instead-of-a-string | MOUNT-PATH | a number instead of a string |
      | MOUNT-PATH.the-field-left-out | MOUNT-PATH | the field left out |
      | MOUNT-PATH.a-relative-path | MOUNT-PATH | a relative path |
      | MOUNT-PATH.a-path-with | MOUNT-PATH | a path with '..' |
      | MOUNT-PATH.a-path-of-1025-characters | MOUNT-PATH | a path of 1025 characters |
      | MOUNT-PATH.a-path-with-a-space | MOUNT-PATH | a path with a space |
      | MOUNT-PATH.a-path-ending-in-a-newline | MOUNT-PATH | a path ending in a newline |

    @rule.MOUNT-NAME
    Examples: MOUNT-NAME (content.spec.containers[].volumeMounts[].name)
      | case | rule | change |
      | MOUNT-NAME.a-number-instead-of-a-string | MOUNT-NAME | a number instead of a string |
      | MOUNT-NAME.the-field-left-out | MOUNT-NAME | the field left out |
      | MOUNT-NAME.64-characters | MOUNT-NAME | 64 characters |
      | MOUNT-NAME.an-empty-name | MOUNT-NAME | an empty name |
      | MOUNT-NAME.a-name-with | MOUNT-NAME | a name with '.' |

    @rule.MOUNT-READ-ONLY
    Examples: MOUNT-READ-ONLY (content.spec.containers[].volumeMounts[].readOnly)
      | case | rule | change |
      | MOUNT-READ-ONLY.a-string-instead-of-a-boolean | MOUNT-READ-ONLY | a string instead of a boolean |
      | MOUNT-READ-ONLY.the-field-left-out | MOUNT-READ-ONLY | the field left out |
      | MOUNT-READ-ONLY.false-instead-of-true | MOUNT-READ-ONLY | false instead of true |

    @rule.SPEC-DNS-POLICY
    Examples: SPEC-DNS-POLICY (content.spec.dnsPolicy)
      | case | rule | change |
      | SPEC-DNS-POLICY.a-number-instead-of-a-string | SPEC-DNS-POLICY | a number instead of a string |
      | SPEC-DNS-POLICY.clusterfirst-the-case-changed | SPEC-DNS-POLICY | "cLUSTERfIRST", the case changed |
      | SPEC-DNS-POLICY.a-value-outside-the-set | SPEC-DNS-POLICY | a value outside the set |
      | SPEC-DNS-POLICY.default-which-kubernetes-allows-but-the-table-do | SPEC-DNS-POLICY | Default, which Kubernetes allows but the table does not |

    @rule.SPEC-HOST-NETWORK
    Examples: SPEC-HOST-NETWORK (content.spec.hostNetwork)
      | case | rule | change |
      | SPEC-HOST-NETWORK.a-string-instead-of-a-boolean | SPEC-HOST-NETWORK | a string instead of a boolean |

    @rule.SPEC-IMAGE-PULL-SECRETS
    Examples: SPEC-IMAGE-PULL-SECRETS (content.spec.imagePullSecrets)
      | case | rule | change |
      | SPEC-IMAGE-PULL-SECRETS.an-object-instead-of-an-array | SPEC-IMAGE-PULL-SECRETS | an object instead of an array |
      | SPEC-IMAGE-PULL-SECRETS.2-elements-one-too-many | SPEC-IMAGE-PULL-SECRETS | 2 elements, one too many |
      | SPEC-IMAGE-PULL-SECRETS.0-elements-one-too-few | SPEC-IMAGE-PULL-SECRETS | 0 elements, one too few |
      | SPEC-IMAGE-PULL-SECRETS.two-secrets | SPEC-IMAGE-PULL-SECRETS | two secrets |

    @rule.SPEC-IMAGE-PULL-SECRET-NAME
    Examples: SPEC-IMAGE-PULL-SECRET-NAME (content.spec.imagePullSecrets[].name)
      | case | rule | change |
      | SPEC-IMAGE-PULL-SECRET-NAME.a-number-instead-of-a-string | SPEC-IMAGE-PULL-SECRET-NAME | a number instead of a string |
      | SPEC-IMAGE-PULL-SECRET-NAME.image-pull-secret-the-case-changed | SPEC-IMAGE-PULL-SECRET-NAME | "IMAGE-PULL-SECRET", the case changed |
      | SPEC-IMAGE-PULL-SECRET-NAME.a-value-outside-the-set | SPEC-IMAGE-PULL-SECRET-NAME | a value outside the set |

    @rule.SPEC-RESTART-POLICY
    Examples: SPEC-RESTART-POLICY (content.spec.restartPolicy)
      | case | rule | change |
      | SPEC-RESTART-POLICY.a-number-instead-of-a-string | SPEC-RESTART-POLICY | a number instead of a string |
      | SPEC-RESTART-POLICY.always-the-case-changed | SPEC-RESTART-POLICY | "aLWAYS", the case changed |
      | SPEC-RESTART-POLICY.a-value-outside-the-set | SPEC-RESTART-POLICY | a value outside the set |

    @rule.SPEC-SCHEDULER-NAME
    Examples: SPEC-SCHEDULER-NAME (content.spec.schedulerName)
      | case | rule | change |
      | SPEC-SCHEDULER-NAME.a-number-instead-of-a-string | SPEC-SCHEDULER-NAME | a number instead of a string |
      | SPEC-SCHEDULER-NAME.default-scheduler-the-case-changed | SPEC-SCHEDULER-NAME | "DEFAULT-SCHEDULER", the case changed |
      | SPEC-SCHEDULER-NAME.a-value-outside-the-set | SPEC-SCHEDULER-NAME | a value outside the set |

    @rule.SPEC-SECURITY-CONTEXT
    Examples: SPEC-SECURITY-CONTEXT (content.spec.securityContext)
      | case | rule | change |
      | SPEC-SECURITY-CONTEXT.a-string-instead-of-an-object | SPEC-SECURITY-CONTEXT | a string instead of an object |

    @rule.SPEC-SERVICE-ACCOUNT
    Examples: SPEC-SERVICE-ACCOUNT (content.spec.serviceAccount)
      | case | rule | change |
      | SPEC-SERVICE-ACCOUNT.a-number-instead-of-a-string | SPEC-SERVICE-ACCOUNT | a number instead of a string |
      | SPEC-SERVICE-ACCOUNT.default-the-case-changed | SPEC-SERVICE-ACCOUNT | "DEFAULT", the case changed |
      | SPEC-SERVICE-ACCOUNT.a-value-outside-the-set | SPEC-SERVICE-ACCOUNT | a value outside the set |

    @rule.SPEC-SERVICE-ACCOUNT-NAME
    Examples: SPEC-SERVICE-ACCOUNT-NAME (content.spec.serviceAccountName)
      | case | rule | change |
      | SPEC-SERVICE-ACCOUNT-NAME.a-number-instead-of-a-string | SPEC-SERVICE-ACCOUNT-NAME | a number instead of a string |
      | SPEC-SERVICE-ACCOUNT-NAME.default-the-case-changed | SPEC-SERVICE-ACCOUNT-NAME | "DEFAULT", the case changed |
      | SPEC-SERVICE-ACCOUNT-NAME.a-value-outside-the-set | SPEC-SERVICE-ACCOUNT-NAME | a value outside the set |

    @rule.SPEC-TERMINATION-GRACE-PERIOD
    Examples: SPEC-TERMINATION-GRACE-PERIOD (content.spec.terminationGracePeriodSeconds)
      | case | rule | change |
      | SPEC-TERMINATION-GRACE-PERIOD.a-string-instead-of-an-integer | SPEC-TERMINATION-GRACE-PERIOD | a string instead of an integer |
      | SPEC-TERMINATION-GRACE-PERIOD.a-float-instead-of-an-integer | SPEC-TERMINATION-GRACE-PERIOD | a float instead of an integer |
      | SPEC-TERMINATION-GRACE-PERIOD.a-boolean-instead-of-an-integer | SPEC-TERMINATION-GRACE-PERIOD | a boolean instead of an integer |
      | SPEC-TERMINATION-GRACE-PERIOD.an-integer-past-the-int64-range | SPEC-TERMINATION-GRACE-PERIOD | an integer past the int64 range |
      | SPEC-TERMINATION-GRACE-PERIOD.31-instead-of-30 | SPEC-TERMINATION-GRACE-PERIOD | 31 instead of 30 |

    @rule.TOL-LIST
    Examples: TOL-LIST (content.spec.tolerations)
      | case | rule | change |
      | TOL-LIST.an-object-instead-of-an-array | TOL-LIST | an object instead of an array |
      | TOL-LIST.17-elements-one-too-many | TOL-LIST | 17 elements, one too many |

    @rule.TOL-EFFECT
    Examples: TOL-EFFECT (content.spec.tolerations[].effect)
      | case | rule | change |
      | TOL-EFFECT.a-number-instead-of-a-string | TOL-EFFECT | a number instead of a string |
      | TOL-EFFECT.the-field-left-out | TOL-EFFECT | the field left out |
      | TOL-EFFECT.noschedule-the-case-changed | TOL-EFFECT | "nOsCHEDULE", the case changed |
      | TOL-EFFECT.a-value-outside-the-set | TOL-EFFECT | a value outside the set |

    @rule.TOL-KEY
    Examples: TOL-KEY (content.spec.tolerations[].key)
      | case | rule | change |
      | TOL-KEY.a-number-instead-of-a-string | TOL-KEY | a number instead of a string |
      | TOL-KEY.the-field-left-out | TOL-KEY | the field left out |
      | TOL-KEY.129-characters | TOL-KEY | 129 characters |
      | TOL-KEY.another-prefix | TOL-KEY | another prefix |
      | TOL-KEY.the-prefix-in-upper-case | TOL-KEY | the prefix in upper case |

    @rule.TOL-OPERATOR
    Examples: TOL-OPERATOR (content.spec.tolerations[].operator)
      | case | rule | change |
      | TOL-OPERATOR.a-number-instead-of-a-string | TOL-OPERATOR | a number instead of a string |
      | TOL-OPERATOR.the-field-left-out | TOL-OPERATOR | the field left out |
      | TOL-OPERATOR.exists-the-case-changed | TOL-OPERATOR | "eXISTS", the case changed |
      | TOL-OPERATOR.a-value-outside-the-set | TOL-OPERATOR | a value outside the set |

    @rule.VENDOR-VOL-NAME-UNIQUE
    Examples: VENDOR-VOL-NAME-UNIQUE (content.spec.Volumes)
      | case | rule | change |
      | VENDOR-VOL-NAME-UNIQUE.the-first-element-repeated-name-twice | VENDOR-VOL-NAME-UNIQUE | the first element repeated (name twice) |

    @rule.VENDOR-CTR-NAME-UNIQUE
    Examples: VENDOR-CTR-NAME-UNIQUE (content.spec.containers)
      | case | rule | change |
      | VENDOR-CTR-NAME-UNIQUE.the-first-element-repeated-name-twice | VENDOR-CTR-NAME-UNIQUE | the first element repeated (name twice) |

    @rule.VENDOR-ENV-NAME-UNIQUE
    Examples: VENDOR-ENV-NAME-UNIQUE (content.spec.containers[].env)
      | case | rule | change |
      | VENDOR-ENV-NAME-UNIQUE.the-first-element-repeated-name-twice | VENDOR-ENV-NAME-UNIQUE | the first element repeated (name twice) |

    @rule.VENDOR-MOUNT-PATH-UNIQUE
    Examples: VENDOR-MOUNT-PATH-UNIQUE (content.spec.containers[].volumeMounts)
      | case | rule | change |
      | VENDOR-MOUNT-PATH-UNIQUE.the-first-element-repeated-mountpath-twice | VENDOR-MOUNT-PATH-UNIQUE | the first element repeated (mountPath twice) |

    @rule.VENDOR-MOUNT-NAME-UNIQUE
    Examples: VENDOR-MOUNT-NAME-UNIQUE (content.spec.containers[].volumeMounts)
      | case | rule | change |
      | VENDOR-MOUNT-NAME-UNIQUE.the-first-element-repeated-name-twice | VENDOR-MOUNT-NAME-UNIQUE | the first element repeated (name twice) |

    @rule.VENDOR-CONTAINER-PORT-UNIQUE
    Examples: VENDOR-CONTAINER-PORT-UNIQUE (content.spec.containers[].ports)
      | case | rule | change |
      | VENDOR-CONTAINER-PORT-UNIQUE.the-first-element-repeated-containerport-twice | VENDOR-CONTAINER-PORT-UNIQUE | the first element repeated (containerPort twice) |

    @rule.VENDOR-HOST-PORT-UNIQUE
    Examples: VENDOR-HOST-PORT-UNIQUE (content.spec.containers[].ports[].hostPort)
      | case | rule | change |
      | VENDOR-HOST-PORT-UNIQUE.the-host-port-of-the-container-s-second-port | VENDOR-HOST-PORT-UNIQUE | the host port of the container's second port |

    @rule.VENDOR-RES-CPU-REQUEST
    Examples: VENDOR-RES-CPU-REQUEST (content.spec.containers[].resources.requests)
      | case | rule | change |
      | VENDOR-RES-CPU-REQUEST.no-cpu-request | VENDOR-RES-CPU-REQUEST | no cpu request |
      | VENDOR-RES-CPU-REQUEST.a-cpu-request-below-0-01 | VENDOR-RES-CPU-REQUEST | a cpu request below 0.01 |
      | VENDOR-RES-CPU-REQUEST.a-cpu-request-above-its-limit | VENDOR-RES-CPU-REQUEST | a cpu request above its limit |
      | VENDOR-RES-CPU-REQUEST.a-negative-cpu-request | VENDOR-RES-CPU-REQUEST | a negative cpu request |

    @rule.VENDOR-RES-MEMORY-REQUEST
    Examples: VENDOR-RES-MEMORY-REQUEST (content.spec.containers[].resources.requests)
      | case | rule | change |
      | VENDOR-RES-MEMORY-REQUEST.no-memory-request | VENDOR-RES-MEMORY-REQUEST | no memory request |
      | VENDOR-RES-MEMORY-REQUEST.a-memory-request-below-4mi | VENDOR-RES-MEMORY-REQUEST | a memory request below 4Mi |
      | VENDOR-RES-MEMORY-REQUEST.a-memory-request-above-its-limit | VENDOR-RES-MEMORY-REQUEST | a memory request above its limit |

    @rule.VENDOR-RES-NPU-REQUEST
    Examples: VENDOR-RES-NPU-REQUEST (content.spec.containers[].resources.requests)
      | case | rule | change |
      | VENDOR-RES-NPU-REQUEST.a-negative-npu-request | VENDOR-RES-NPU-REQUEST | a negative NPU request |

  @case.EDGE-VENDOR-UPDATE-AFTER-REJECT @rule.VENDOR-RES-CPU-REQUEST
  Scenario: After a pod the vendor's edge rejects, the same connection answers the next update
    Given the conformant pod update changed by case "VENDOR-RES-CPU-REQUEST.no-cpu-request"
    When the controller sends it
    Then the edge answers with a failure
    Given the conformant pod update
    When the controller sends it
    Then the answer matches the golden answer "answer-ok.json"
