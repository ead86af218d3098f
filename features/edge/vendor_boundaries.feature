# Generated from the rule table by `edgeconform generate`; do not edit by hand.
@edge @vendor-boundaries
Feature: Under the vendor profile, what the vendor's own edge accepts is answered OK
  The vendor profile's boundaries (docs/vendor-profile.md): values at the edges of the vendor's own
  checks, fields it lets be absent, names that differ only in case. Run with --profile vendor only.

  Scenario Outline: A pod the vendor's edge accepts is answered OK
    Given the conformant pod update changed by case "<case>"
    When the controller sends it
    Then the answer matches the golden answer "answer-ok.json"

    @rule.HDR-MSG-ID
    Examples: HDR-MSG-ID (header.msg_id)
      | case | rule | change |
      | HDR-MSG-ID.the-highest-lower-case-uuid | HDR-MSG-ID | the highest lower-case UUID |

    @rule.HDR-PARENT-MSG-ID
    Examples: HDR-PARENT-MSG-ID (header.parent_msg_id)
      | case | rule | change |
      | HDR-PARENT-MSG-ID.the-optional-field-left-out | HDR-PARENT-MSG-ID | the optional field left out |
      | HDR-PARENT-MSG-ID.the-allowed-value | HDR-PARENT-MSG-ID | the allowed value "" |

    @rule.HDR-TIMESTAMP
    Examples: HDR-TIMESTAMP (header.timestamp)
      | case | rule | change |
      | HDR-TIMESTAMP.the-lowest-value-1 | HDR-TIMESTAMP | the lowest value 1 |
      | HDR-TIMESTAMP.the-highest-value-9223372036854775807 | HDR-TIMESTAMP | the highest value 9223372036854775807 |
      | HDR-TIMESTAMP.the-field-left-out-which-the-vendor-allows | HDR-TIMESTAMP | the field left out, which the vendor allows |
      | HDR-TIMESTAMP.a-timestamp-of-0 | HDR-TIMESTAMP | a timestamp of 0 |
      | HDR-TIMESTAMP.a-negative-timestamp | HDR-TIMESTAMP | a negative timestamp |

    @rule.HDR-RESOURCEVERSION
    Examples: HDR-RESOURCEVERSION (header.resourceversion)
      | case | rule | change |
      | HDR-RESOURCEVERSION.the-optional-field-left-out | HDR-RESOURCEVERSION | the optional field left out |
      | HDR-RESOURCEVERSION.32-digits | HDR-RESOURCEVERSION | 32 digits |

    @rule.HDR-SYNC
    Examples: HDR-SYNC (header.sync)
      | case | rule | change |
      | HDR-SYNC.the-allowed-value-true | HDR-SYNC | the allowed value true |

    @rule.ROUTE-SOURCE
    Examples: ROUTE-SOURCE (route.source)
      | case | rule | change |
      | ROUTE-SOURCE.the-allowed-value-controller | ROUTE-SOURCE | the allowed value "controller" |

    @rule.ROUTE-GROUP
    Examples: ROUTE-GROUP (route.group)
      | case | rule | change |
      | ROUTE-GROUP.the-allowed-value-resource | ROUTE-GROUP | the allowed value "resource" |

    @rule.ROUTE-OPERATION
    Examples: ROUTE-OPERATION (route.operation)
      | case | rule | change |
      | ROUTE-OPERATION.the-allowed-value-update | ROUTE-OPERATION | the allowed value "update" |
      | ROUTE-OPERATION.the-allowed-value-delete | ROUTE-OPERATION | the allowed value "delete" |
      | ROUTE-OPERATION.the-allowed-value-restart | ROUTE-OPERATION | the allowed value "restart" |

    @rule.ROUTE-RESOURCE
    Examples: ROUTE-RESOURCE (route.resource)
      | case | rule | change |
      | ROUTE-RESOURCE.a-64-character-name-and-a-uuid | ROUTE-RESOURCE | a 64-character name and a uuid |

    @rule.CONTENT-OBJECT
    Examples: CONTENT-OBJECT (content)
      | case | rule | change |
      | CONTENT-OBJECT.left-out-vendor | CONTENT-OBJECT | no content at all, which the vendor's edge does not check |

    @rule.META-CREATION-TIMESTAMP
    Examples: META-CREATION-TIMESTAMP (content.metadata.creationTimestamp)
      | case | rule | change |
      | META-CREATION-TIMESTAMP.a-utc-time | META-CREATION-TIMESTAMP | a UTC time |
      | META-CREATION-TIMESTAMP.an-offset-and-a-fraction | META-CREATION-TIMESTAMP | an offset and a fraction |
      | META-CREATION-TIMESTAMP.the-field-left-out-which-the-vendor-allows | META-CREATION-TIMESTAMP | the field left out, which the vendor allows |
      | META-CREATION-TIMESTAMP.the-zero-value-the-vendor-skips | META-CREATION-TIMESTAMP | "", the zero value the vendor skips |

    @rule.META-NAMESPACE
    Examples: META-NAMESPACE (content.metadata.namespace)
      | case | rule | change |
      | META-NAMESPACE.the-optional-field-left-out | META-NAMESPACE | the optional field left out |
      | META-NAMESPACE.the-allowed-value-websocket | META-NAMESPACE | the allowed value "websocket" |
      | META-NAMESPACE.the-allowed-value-mef-user | META-NAMESPACE | the allowed value "mef-user" |
      | META-NAMESPACE.the-zero-value-the-vendor-skips | META-NAMESPACE | "", the zero value the vendor skips |

    @rule.META-RESOURCE-VERSION
    Examples: META-RESOURCE-VERSION (content.metadata.resourceVersion)
      | case | rule | change |
      | META-RESOURCE-VERSION.the-optional-field-left-out | META-RESOURCE-VERSION | the optional field left out |
      | META-RESOURCE-VERSION.an-empty-version | META-RESOURCE-VERSION | an empty version |
      | META-RESOURCE-VERSION.64-characters | META-RESOURCE-VERSION | 64 characters |

    @rule.META-UID
    Examples: META-UID (content.metadata.uid)
      | case | rule | change |
      | META-UID.the-optional-field-left-out | META-UID | the optional field left out |
      | META-UID.an-empty-uid | META-UID | an empty uid |

    @rule.META-DELETION-TIMESTAMP
    Examples: META-DELETION-TIMESTAMP (content.metadata.deletionTimestamp)
      | case | rule | change |
      | META-DELETION.fields-present | META-DELETION-TIMESTAMP | the deletion fields present, as when a pod is deleted |

    @rule.META-DELETION-GRACE-PERIOD
    Examples: META-DELETION-GRACE-PERIOD (content.metadata.deletionGracePeriodSeconds)
      | case | rule | change |
      | META-DELETION-GRACE-PERIOD.the-lowest-value-0 | META-DELETION-GRACE-PERIOD | the lowest value 0 |
      | META-DELETION-GRACE-PERIOD.the-highest-value-120 | META-DELETION-GRACE-PERIOD | the highest value 120 |

    @rule.VOL-LIST
    Examples: VOL-LIST (content.spec.Volumes)
      | case | rule | change |
      | VOL-LIST.the-optional-field-left-out | VOL-LIST | the optional field left out |
      | VOL-LIST.256-elements-the-most-allowed | VOL-LIST | 256 elements, the most allowed |
      | VOL-LIST.no-volumes-and-no-mounts | VOL-LIST | a pod without volumes and without mounts |

    @rule.VOL-HOSTPATH
    Examples: VOL-HOSTPATH (content.spec.Volumes[].hostPath)
      | case | rule | change |
      | VOL-HOSTPATH.the-optional-field-left-out | VOL-HOSTPATH | the optional field left out |

    @rule.VOL-HOSTPATH-PATH
    Examples: VOL-HOSTPATH-PATH (content.spec.Volumes[].hostPath.path)
      | case | rule | change |
      | VOL-HOSTPATH-PATH.the-shortest-path | VOL-HOSTPATH-PATH | the shortest path |
      | VOL-HOSTPATH-PATH.a-path-at-1024-characters | VOL-HOSTPATH-PATH | a path at 1024 characters |

    @rule.VOL-HOSTPATH-TYPE
    Examples: VOL-HOSTPATH-TYPE (content.spec.Volumes[].hostPath.type)
      | case | rule | change |
      | VOL-HOSTPATH-TYPE.the-allowed-value | VOL-HOSTPATH-TYPE | the allowed value "" |

    @rule.VOL-CONFIGMAP-DEFAULT-MODE
    Examples: VOL-CONFIGMAP-DEFAULT-MODE (content.spec.Volumes[].configMap.defaultMode)
      | case | rule | change |
      | VOL-CONFIGMAP-DEFAULT-MODE.the-allowed-value-420 | VOL-CONFIGMAP-DEFAULT-MODE | the allowed value 420 |

    @rule.VOL-CONFIGMAP-NAME
    Examples: VOL-CONFIGMAP-NAME (content.spec.Volumes[].configMap.name)
      | case | rule | change |
      | VOL-CONFIGMAP-NAME.4-characters-the-shortest | VOL-CONFIGMAP-NAME | 4 characters, the shortest |
      | VOL-CONFIGMAP-NAME.64-characters-the-longest | VOL-CONFIGMAP-NAME | 64 characters, the longest |

    @rule.VOL-EMPTYDIR-MEDIUM
    Examples: VOL-EMPTYDIR-MEDIUM (content.spec.Volumes[].emptyDir.medium)
      | case | rule | change |
      | VOL-EMPTYDIR-MEDIUM.the-optional-field-left-out | VOL-EMPTYDIR-MEDIUM | the optional field left out |
      | VOL-EMPTYDIR-MEDIUM.the-allowed-value | VOL-EMPTYDIR-MEDIUM | the allowed value "" |

    @rule.VOL-NAME
    Examples: VOL-NAME (content.spec.Volumes[].name)
      | case | rule | change |
      | VOL-NAME.1-character | VOL-NAME | 1 character |
      | VOL-NAME.63-characters | VOL-NAME | 63 characters |

    @rule.CTR-LIST
    Examples: CTR-LIST (content.spec.containers)
      | case | rule | change |
      | CTR-LIST.10-elements-the-most-allowed | CTR-LIST | 10 elements, the most allowed |

    @rule.CTR-ENV-LIST
    Examples: CTR-ENV-LIST (content.spec.containers[].env)
      | case | rule | change |
      | CTR-ENV-LIST.the-optional-field-left-out | CTR-ENV-LIST | the optional field left out |
      | CTR-ENV-LIST.256-elements-the-most-allowed | CTR-ENV-LIST | 256 elements, the most allowed |

    @rule.CTR-ENV-NAME
    Examples: CTR-ENV-NAME (content.spec.containers[].env[].name)
      | case | rule | change |
      | CTR-ENV-NAME.2-characters-the-shortest | CTR-ENV-NAME | 2 characters, the shortest |
      | CTR-ENV-NAME.32-characters-the-longest | CTR-ENV-NAME | 32 characters, the longest |

    @rule.CTR-ENV-VALUE
    Examples: CTR-ENV-VALUE (content.spec.containers[].env[].value)
      | case | rule | change |
      | CTR-ENV-VALUE.1-character | CTR-ENV-VALUE | 1 character |
      | CTR-ENV-VALUE.512-characters | CTR-ENV-VALUE | 512 characters |

    @rule.CTR-IMAGE
    Examples: CTR-IMAGE (content.spec.containers[].image)
      | case | rule | change |
      | CTR-IMAGE.288-characters | CTR-IMAGE | 288 characters |
      | CTR-IMAGE.the-field-left-out-which-the-vendor-allows | CTR-IMAGE | the field left out, which the vendor allows |
      | CTR-IMAGE.an-empty-image | CTR-IMAGE | an empty image |

    @rule.CTR-IMAGE-PULL-POLICY
    Examples: CTR-IMAGE-PULL-POLICY (content.spec.containers[].imagePullPolicy)
      | case | rule | change |
      | CTR-IMAGE-PULL-POLICY.the-optional-field-left-out | CTR-IMAGE-PULL-POLICY | the optional field left out |
      | CTR-IMAGE-PULL-POLICY.the-allowed-value-ifnotpresent | CTR-IMAGE-PULL-POLICY | the allowed value "IfNotPresent" |
      | CTR-IMAGE-PULL-POLICY.the-allowed-value-always | CTR-IMAGE-PULL-POLICY | the allowed value "Always" |
      | CTR-IMAGE-PULL-POLICY.the-zero-value-the-vendor-skips | CTR-IMAGE-PULL-POLICY | "", the zero value the vendor skips |

    @rule.CTR-NAME
    Examples: CTR-NAME (content.spec.containers[].name)
      | case | rule | change |
      | CTR-NAME.1-character | CTR-NAME | 1 character |
      | CTR-NAME.32-characters | CTR-NAME | 32 characters |

    @rule.CTR-TERMINATION-MESSAGE-PATH
    Examples: CTR-TERMINATION-MESSAGE-PATH (content.spec.containers[].terminationMessagePath)
      | case | rule | change |
      | CTR-TERMINATION-MESSAGE-PATH.the-optional-field-left-out | CTR-TERMINATION-MESSAGE-PATH | the optional field left out |
      | CTR-TERMINATION-MESSAGE-PATH.the-allowed-value-dev-termination-log | CTR-TERMINATION-MESSAGE-PATH | the allowed value "/dev/termination-log" |
      | CTR-TERMINATION-MESSAGE-PATH.the-zero-value-the-vendor-skips | CTR-TERMINATION-MESSAGE-PATH | "", the zero value the vendor skips |

    @rule.CTR-TERMINATION-MESSAGE-POLICY
    Examples: CTR-TERMINATION-MESSAGE-POLICY (content.spec.containers[].terminationMessagePolicy)
      | case | rule | change |
      | CTR-TERMINATION-MESSAGE-POLICY.the-optional-field-left-out | CTR-TERMINATION-MESSAGE-POLICY | the optional field left out |
      | CTR-TERMINATION-MESSAGE-POLICY.the-allowed-value-file | CTR-TERMINATION-MESSAGE-POLICY | the allowed value "File" |
      | CTR-TERMINATION-MESSAGE-POLICY.the-zero-value-the-vendor-skips | CTR-TERMINATION-MESSAGE-POLICY | "", the zero value the vendor skips |

    @rule.PROBE
    Examples: PROBE (content.spec.containers[].livenessProbe, content.spec.containers[].readinessProbe)
      | case | rule | change |
      | PROBE.the-optional-field-left-out | PROBE | the optional field left out |

    @rule.PROBE-EXEC
    Examples: PROBE-EXEC (content.spec.containers[].livenessProbe.exec, content.spec.containers[].readinessProbe.exec)
      | case | rule | change |
      | PROBE-EXEC.the-optional-field-left-out | PROBE-EXEC | the optional field left out |

    @rule.PROBE-EXEC-COMMAND
    Examples: PROBE-EXEC-COMMAND (content.spec.containers[].livenessProbe.exec.Command, content.spec.containers[].readinessProbe.exec.Command)
      | case | rule | change |
      | PROBE-EXEC-COMMAND.1-elements-the-most-allowed | PROBE-EXEC-COMMAND | 1 elements, the most allowed |
      | PROBE-EXEC-COMMAND.a-command-of-1024-characters | PROBE-EXEC-COMMAND | a command of 1024 characters |
      | PROBE-EXEC-COMMAND.the-field-left-out-which-the-vendor-allows | PROBE-EXEC-COMMAND | the field left out, which the vendor allows |

    @rule.PROBE-FAILURE-THRESHOLD
    Examples: PROBE-FAILURE-THRESHOLD (content.spec.containers[].livenessProbe.failureThreshold, content.spec.containers[].readinessProbe.failureThreshold)
      | case | rule | change |
      | PROBE-FAILURE-THRESHOLD.the-allowed-value-3 | PROBE-FAILURE-THRESHOLD | the allowed value 3 |
      | PROBE-FAILURE-THRESHOLD.the-field-left-out-which-the-vendor-allows | PROBE-FAILURE-THRESHOLD | the field left out, which the vendor allows |
      | PROBE-FAILURE-THRESHOLD.0-the-zero-value-the-vendor-skips | PROBE-FAILURE-THRESHOLD | 0, the zero value the vendor skips |

    @rule.PROBE-HTTPGET-HOST
    Examples: PROBE-HTTPGET-HOST (content.spec.containers[].livenessProbe.httpGet.Host, content.spec.containers[].readinessProbe.httpGet.Host)
      | case | rule | change |
      | PROBE-HTTPGET-HOST.an-ipv6-address | PROBE-HTTPGET-HOST | an IPv6 address |
      | PROBE-HTTPGET-HOST.an-ipv4-mapped-ipv6-address | PROBE-HTTPGET-HOST | an IPv4-mapped IPv6 address |
      | PROBE-HTTPGET-HOST.the-field-left-out-which-the-vendor-allows | PROBE-HTTPGET-HOST | the field left out, which the vendor allows |
      | PROBE-HTTPGET-HOST.the-zero-value-the-vendor-skips | PROBE-HTTPGET-HOST | "", the zero value the vendor skips |

    @rule.PROBE-HTTPGET-PATH
    Examples: PROBE-HTTPGET-PATH (content.spec.containers[].livenessProbe.httpGet.Path, content.spec.containers[].readinessProbe.httpGet.Path)
      | case | rule | change |
      | PROBE-HTTPGET-PATH.the-optional-field-left-out | PROBE-HTTPGET-PATH | the optional field left out |
      | PROBE-HTTPGET-PATH.an-empty-path-the-probe-is-then-not-verified | PROBE-HTTPGET-PATH | an empty path (the probe is then not verified) |
      | PROBE-HTTPGET-PATH.the-shortest-path | PROBE-HTTPGET-PATH | the shortest path |
      | PROBE-HTTPGET-PATH.a-path-at-1024-characters | PROBE-HTTPGET-PATH | a path at 1024 characters |

    @rule.PROBE-HTTPGET-PORT
    Examples: PROBE-HTTPGET-PORT (content.spec.containers[].livenessProbe.httpGet.Port, content.spec.containers[].readinessProbe.httpGet.Port)
      | case | rule | change |
      | PROBE-HTTPGET-PORT.the-lowest-value-1 | PROBE-HTTPGET-PORT | the lowest value 1 |
      | PROBE-HTTPGET-PORT.the-highest-value-65535 | PROBE-HTTPGET-PORT | the highest value 65535 |

    @rule.PROBE-HTTPGET-SCHEME
    Examples: PROBE-HTTPGET-SCHEME (content.spec.containers[].livenessProbe.httpGet.Scheme, content.spec.containers[].readinessProbe.httpGet.Scheme)
      | case | rule | change |
      | PROBE-HTTPGET-SCHEME.the-allowed-value-http | PROBE-HTTPGET-SCHEME | the allowed value "HTTP" |
      | PROBE-HTTPGET-SCHEME.the-allowed-value-https | PROBE-HTTPGET-SCHEME | the allowed value "HTTPS" |
      | PROBE-HTTPGET-SCHEME.the-field-left-out-which-the-vendor-allows | PROBE-HTTPGET-SCHEME | the field left out, which the vendor allows |
      | PROBE-HTTPGET-SCHEME.the-zero-value-the-vendor-skips | PROBE-HTTPGET-SCHEME | "", the zero value the vendor skips |

    @rule.PROBE-INITIAL-DELAY
    Examples: PROBE-INITIAL-DELAY (content.spec.containers[].livenessProbe.initialDelaySeconds, content.spec.containers[].readinessProbe.initialDelaySeconds)
      | case | rule | change |
      | PROBE-INITIAL-DELAY.the-optional-field-left-out | PROBE-INITIAL-DELAY | the optional field left out |
      | PROBE-INITIAL-DELAY.the-lowest-value-1 | PROBE-INITIAL-DELAY | the lowest value 1 |
      | PROBE-INITIAL-DELAY.the-highest-value-3600 | PROBE-INITIAL-DELAY | the highest value 3600 |
      | PROBE-INITIAL-DELAY.0-the-zero-value-the-vendor-skips | PROBE-INITIAL-DELAY | 0, the zero value the vendor skips |

    @rule.PROBE-PERIOD
    Examples: PROBE-PERIOD (content.spec.containers[].livenessProbe.periodSeconds, content.spec.containers[].readinessProbe.periodSeconds)
      | case | rule | change |
      | PROBE-PERIOD.the-optional-field-left-out | PROBE-PERIOD | the optional field left out |
      | PROBE-PERIOD.the-lowest-value-1 | PROBE-PERIOD | the lowest value 1 |
      | PROBE-PERIOD.the-highest-value-3600 | PROBE-PERIOD | the highest value 3600 |
      | PROBE-PERIOD.0-the-zero-value-the-vendor-skips | PROBE-PERIOD | 0, the zero value the vendor skips |

    @rule.PROBE-SUCCESS-THRESHOLD
    Examples: PROBE-SUCCESS-THRESHOLD (content.spec.containers[].livenessProbe.successThreshold, content.spec.containers[].readinessProbe.successThreshold)
      | case | rule | change |
      | PROBE-SUCCESS-THRESHOLD.the-allowed-value-1 | PROBE-SUCCESS-THRESHOLD | the allowed value 1 |
      | PROBE-SUCCESS-THRESHOLD.the-field-left-out-which-the-vendor-allows | PROBE-SUCCESS-THRESHOLD | the field left out, which the vendor allows |
      | PROBE-SUCCESS-THRESHOLD.0-the-zero-value-the-vendor-skips | PROBE-SUCCESS-THRESHOLD | 0, the zero value the vendor skips |

    @rule.PROBE-TIMEOUT
    Examples: PROBE-TIMEOUT (content.spec.containers[].livenessProbe.timeoutSeconds, content.spec.containers[].readinessProbe.timeoutSeconds)
      | case | rule | change |
      | PROBE-TIMEOUT.the-optional-field-left-out | PROBE-TIMEOUT | the optional field left out |
      | PROBE-TIMEOUT.the-lowest-value-1 | PROBE-TIMEOUT | the lowest value 1 |
      | PROBE-TIMEOUT.the-highest-value-3600 | PROBE-TIMEOUT | the highest value 3600 |
      | PROBE-TIMEOUT.0-the-zero-value-the-vendor-skips | PROBE-TIMEOUT | 0, the zero value the vendor skips |

    @rule.PORT-LIST
    Examples: PORT-LIST (content.spec.containers[].ports)
      | case | rule | change |
      | PORT-LIST.the-optional-field-left-out | PORT-LIST | the optional field left out |
      | PORT-LIST.16-elements-the-most-allowed | PORT-LIST | 16 elements, the most allowed |

    @rule.PORT-CONTAINER-PORT
    Examples: PORT-CONTAINER-PORT (content.spec.containers[].ports[].containerPort)
      | case | rule | change |
      | PORT-CONTAINER-PORT.the-lowest-value-1 | PORT-CONTAINER-PORT | the lowest value 1 |
      | PORT-CONTAINER-PORT.the-highest-value-65535 | PORT-CONTAINER-PORT | the highest value 65535 |

    @rule.PORT-HOST-PORT
    Examples: PORT-HOST-PORT (content.spec.containers[].ports[].hostPort)
      | case | rule | change |
      | PORT-HOST-PORT.the-lowest-value-1024 | PORT-HOST-PORT | the lowest value 1024 |
      | PORT-HOST-PORT.the-highest-value-65535 | PORT-HOST-PORT | the highest value 65535 |

    @rule.PORT-PROTOCOL
    Examples: PORT-PROTOCOL (content.spec.containers[].ports[].protocol)
      | case | rule | change |
      | PORT-PROTOCOL.the-allowed-value-tcp | PORT-PROTOCOL | the allowed value "TCP" |
      | PORT-PROTOCOL.the-allowed-value-udp | PORT-PROTOCOL | the allowed value "UDP" |

    @rule.PORT-HOST-IP
    Examples: PORT-HOST-IP (content.spec.containers[].ports[].hostIP)
      | case | rule | change |
      | PORT-HOST-IP.the-lowest-address | PORT-HOST-IP | the lowest address |
      | PORT-HOST-IP.the-highest-address | PORT-HOST-IP | the highest address |
      | PORT-HOST-IP.the-highest-unicast-address-below-multicast | PORT-HOST-IP | the highest unicast address below multicast |

    @rule.RES-LIMITS
    Examples: RES-LIMITS (content.spec.containers[].resources.limits)
      | case | rule | change |
      | RES-LIMITS.the-optional-field-left-out | RES-LIMITS | the optional field left out |
      | RES-LIMITS.every-resource-name-the-vendor-accepts | RES-LIMITS | every resource name the vendor accepts |

    @rule.RES-REQUESTS
    Examples: RES-REQUESTS (content.spec.containers[].resources.requests)
      | case | rule | change |
      | RES-REQUESTS.every-resource-name-the-vendor-accepts | RES-REQUESTS | every resource name the vendor accepts |

    @rule.SEC
    Examples: SEC (content.spec.containers[].securityContext)
      | case | rule | change |
      | SEC.the-optional-field-left-out | SEC | the optional field left out |

    @rule.SEC-CAPABILITIES
    Examples: SEC-CAPABILITIES (content.spec.containers[].securityContext.capabilities)
      | case | rule | change |
      | SEC-CAPABILITIES.the-optional-field-left-out | SEC-CAPABILITIES | the optional field left out |

    @rule.SEC-CAPABILITIES-ADD
    Examples: SEC-CAPABILITIES-ADD (content.spec.containers[].securityContext.capabilities.add)
      | case | rule | change |
      | SEC-CAPABILITIES-ADD.the-optional-field-left-out | SEC-CAPABILITIES-ADD | the optional field left out |
      | SEC-CAPABILITIES-ADD.5-elements-the-most-allowed | SEC-CAPABILITIES-ADD | 5 elements, the most allowed |
      | SEC-CAPABILITIES-ADD.five-capabilities | SEC-CAPABILITIES-ADD | five capabilities |
      | SEC-CAPABILITIES-ADD.a-lower-case-name-which-the-vendor-accepts | SEC-CAPABILITIES-ADD | a lower-case name, which the vendor accepts |

    @rule.SEC-PRIVILEGED
    Examples: SEC-PRIVILEGED (content.spec.containers[].securityContext.privileged)
      | case | rule | change |
      | SEC-PRIVILEGED.the-optional-field-left-out | SEC-PRIVILEGED | the optional field left out |
      | SEC-PRIVILEGED.the-allowed-value-false | SEC-PRIVILEGED | the allowed value false |

    @rule.SEC-RUN-AS-GROUP
    Examples: SEC-RUN-AS-GROUP (content.spec.containers[].securityContext.runAsGroup)
      | case | rule | change |
      | SEC-RUN-AS-GROUP.the-optional-field-left-out | SEC-RUN-AS-GROUP | the optional field left out |
      | SEC-RUN-AS-GROUP.the-lowest-value-1 | SEC-RUN-AS-GROUP | the lowest value 1 |
      | SEC-RUN-AS-GROUP.the-highest-value-65535 | SEC-RUN-AS-GROUP | the highest value 65535 |
      | SEC-RUN-AS-GROUP.the-lowest-value-0 | SEC-RUN-AS-GROUP | the lowest value 0 |

    @rule.SEC-RUN-AS-USER
    Examples: SEC-RUN-AS-USER (content.spec.containers[].securityContext.runAsUser)
      | case | rule | change |
      | SEC-RUN-AS-USER.the-optional-field-left-out | SEC-RUN-AS-USER | the optional field left out |
      | SEC-RUN-AS-USER.the-lowest-value-1 | SEC-RUN-AS-USER | the lowest value 1 |
      | SEC-RUN-AS-USER.the-highest-value-65535 | SEC-RUN-AS-USER | the highest value 65535 |
      | SEC-RUN-AS-USER.the-lowest-value-0 | SEC-RUN-AS-USER | the lowest value 0 |

    @rule.MOUNT-LIST
    Examples: MOUNT-LIST (content.spec.containers[].volumeMounts)
      | case | rule | change |
      | MOUNT-LIST.the-optional-field-left-out | MOUNT-LIST | the optional field left out |
      | MOUNT-LIST.256-elements-the-most-allowed | MOUNT-LIST | 256 elements, the most allowed |

    @rule.MOUNT-PATH
    Examples: MOUNT-PATH (content.spec.containers[].volumeMounts[].mountPath)
      | case | rule | change |
      | MOUNT-PATH.the-shortest-path | MOUNT-PATH | the shortest path |
      | MOUNT-PATH.a-path-at-1024-characters | MOUNT-PATH | a path at 1024 characters |

    @rule.MOUNT-NAME
    Examples: MOUNT-NAME (content.spec.containers[].volumeMounts[].name)
      | case | rule | change |
      | MOUNT-NAME.1-character | MOUNT-NAME | 1 character |
      | MOUNT-NAME.63-characters | MOUNT-NAME | 63 characters |

    @rule.MOUNT-READ-ONLY
    Examples: MOUNT-READ-ONLY (content.spec.containers[].volumeMounts[].readOnly)
      | case | rule | change |
      | MOUNT-READ-ONLY.the-allowed-value-true | MOUNT-READ-ONLY | the allowed value true |

    @rule.SPEC-DNS-POLICY
    Examples: SPEC-DNS-POLICY (content.spec.dnsPolicy)
      | case | rule | change |
      | SPEC-DNS-POLICY.the-optional-field-left-out | SPEC-DNS-POLICY | the optional field left out |
      | SPEC-DNS-POLICY.the-allowed-value-clusterfirst | SPEC-DNS-POLICY | the allowed value "ClusterFirst" |
      | SPEC-DNS-POLICY.the-zero-value-the-vendor-skips | SPEC-DNS-POLICY | "", the zero value the vendor skips |

    @rule.SPEC-HOST-NETWORK
    Examples: SPEC-HOST-NETWORK (content.spec.hostNetwork)
      | case | rule | change |
      | SPEC-HOST-NETWORK.the-optional-field-left-out | SPEC-HOST-NETWORK | the optional field left out |

    @rule.SPEC-IMAGE-PULL-SECRETS
    Examples: SPEC-IMAGE-PULL-SECRETS (content.spec.imagePullSecrets)
      | case | rule | change |
      | SPEC-IMAGE-PULL-SECRETS.the-optional-field-left-out | SPEC-IMAGE-PULL-SECRETS | the optional field left out |
      | SPEC-IMAGE-PULL-SECRETS.1-elements-the-most-allowed | SPEC-IMAGE-PULL-SECRETS | 1 elements, the most allowed |

    @rule.SPEC-IMAGE-PULL-SECRET-NAME
    Examples: SPEC-IMAGE-PULL-SECRET-NAME (content.spec.imagePullSecrets[].name)
      | case | rule | change |
      | SPEC-IMAGE-PULL-SECRET-NAME.the-allowed-value-image-pull-secret | SPEC-IMAGE-PULL-SECRET-NAME | the allowed value "image-pull-secret" |
      | SPEC-IMAGE-PULL-SECRET-NAME.the-allowed-value-fusion-director-docker-registr | SPEC-IMAGE-PULL-SECRET-NAME | the allowed value "fusion-director-docker-registry-secret" |
      | SPEC-IMAGE-PULL-SECRET-NAME.the-field-left-out-which-the-vendor-allows | SPEC-IMAGE-PULL-SECRET-NAME | the field left out, which the vendor allows |
      | SPEC-IMAGE-PULL-SECRET-NAME.the-zero-value-the-vendor-skips | SPEC-IMAGE-PULL-SECRET-NAME | "", the zero value the vendor skips |

    @rule.SPEC-RESTART-POLICY
    Examples: SPEC-RESTART-POLICY (content.spec.restartPolicy)
      | case | rule | change |
      | SPEC-RESTART-POLICY.the-optional-field-left-out | SPEC-RESTART-POLICY | the optional field left out |
      | SPEC-RESTART-POLICY.the-allowed-value-always | SPEC-RESTART-POLICY | the allowed value "Always" |
      | SPEC-RESTART-POLICY.the-allowed-value-onfailure | SPEC-RESTART-POLICY | the allowed value "OnFailure" |
      | SPEC-RESTART-POLICY.the-allowed-value-never | SPEC-RESTART-POLICY | the allowed value "Never" |
      | SPEC-RESTART-POLICY.the-zero-value-the-vendor-skips | SPEC-RESTART-POLICY | "", the zero value the vendor skips |

    @rule.SPEC-SCHEDULER-NAME
    Examples: SPEC-SCHEDULER-NAME (content.spec.schedulerName)
      | case | rule | change |
      | SPEC-SCHEDULER-NAME.the-optional-field-left-out | SPEC-SCHEDULER-NAME | the optional field left out |
      | SPEC-SCHEDULER-NAME.the-allowed-value-default-scheduler | SPEC-SCHEDULER-NAME | the allowed value "default-scheduler" |
      | SPEC-SCHEDULER-NAME.the-zero-value-the-vendor-skips | SPEC-SCHEDULER-NAME | "", the zero value the vendor skips |

    @rule.SPEC-SECURITY-CONTEXT
    Examples: SPEC-SECURITY-CONTEXT (content.spec.securityContext)
      | case | rule | change |
      | SPEC-SECURITY-CONTEXT.the-optional-field-left-out | SPEC-SECURITY-CONTEXT | the optional field left out |

    @rule.SPEC-SERVICE-ACCOUNT
    Examples: SPEC-SERVICE-ACCOUNT (content.spec.serviceAccount)
      | case | rule | change |
      | SPEC-SERVICE-ACCOUNT.the-optional-field-left-out | SPEC-SERVICE-ACCOUNT | the optional field left out |
      | SPEC-SERVICE-ACCOUNT.the-allowed-value-default | SPEC-SERVICE-ACCOUNT | the allowed value "default" |
      | SPEC-SERVICE-ACCOUNT.the-zero-value-the-vendor-skips | SPEC-SERVICE-ACCOUNT | "", the zero value the vendor skips |

    @rule.SPEC-SERVICE-ACCOUNT-NAME
    Examples: SPEC-SERVICE-ACCOUNT-NAME (content.spec.serviceAccountName)
      | case | rule | change |
      | SPEC-SERVICE-ACCOUNT-NAME.the-optional-field-left-out | SPEC-SERVICE-ACCOUNT-NAME | the optional field left out |
      | SPEC-SERVICE-ACCOUNT-NAME.the-allowed-value-default | SPEC-SERVICE-ACCOUNT-NAME | the allowed value "default" |
      | SPEC-SERVICE-ACCOUNT-NAME.the-zero-value-the-vendor-skips | SPEC-SERVICE-ACCOUNT-NAME | "", the zero value the vendor skips |

    @rule.SPEC-TERMINATION-GRACE-PERIOD
    Examples: SPEC-TERMINATION-GRACE-PERIOD (content.spec.terminationGracePeriodSeconds)
      | case | rule | change |
      | SPEC-TERMINATION-GRACE-PERIOD.the-optional-field-left-out | SPEC-TERMINATION-GRACE-PERIOD | the optional field left out |
      | SPEC-TERMINATION-GRACE-PERIOD.the-allowed-value-30 | SPEC-TERMINATION-GRACE-PERIOD | the allowed value 30 |

    @rule.TOL-LIST
    Examples: TOL-LIST (content.spec.tolerations)
      | case | rule | change |
      | TOL-LIST.the-optional-field-left-out | TOL-LIST | the optional field left out |
      | TOL-LIST.16-elements-the-most-allowed | TOL-LIST | 16 elements, the most allowed |

    @rule.TOL-EFFECT
    Examples: TOL-EFFECT (content.spec.tolerations[].effect)
      | case | rule | change |
      | TOL-EFFECT.the-allowed-value-noschedule | TOL-EFFECT | the allowed value "NoSchedule" |
      | TOL-EFFECT.the-allowed-value-prefernoschedule | TOL-EFFECT | the allowed value "PreferNoSchedule" |
      | TOL-EFFECT.the-allowed-value-noexecute | TOL-EFFECT | the allowed value "NoExecute" |

    @rule.TOL-KEY
    Examples: TOL-KEY (content.spec.tolerations[].key)
      | case | rule | change |
      | TOL-KEY.128-characters | TOL-KEY | 128 characters |

    @rule.TOL-OPERATOR
    Examples: TOL-OPERATOR (content.spec.tolerations[].operator)
      | case | rule | change |
      | TOL-OPERATOR.the-allowed-value-exists | TOL-OPERATOR | the allowed value "Exists" |
      | TOL-OPERATOR.the-allowed-value-equal | TOL-OPERATOR | the allowed value "Equal" |

    @rule.VENDOR-READ-LIMIT
    Examples: VENDOR-READ-LIMIT ($)
      | case | rule | change |
      | VENDOR-READ-LIMIT.just-under-1-mib | VENDOR-READ-LIMIT | a message padded to 64 bytes under 1 MiB |

    @rule.VENDOR-VOL-NAME-UNIQUE
    Examples: VENDOR-VOL-NAME-UNIQUE (content.spec.Volumes)
      | case | rule | change |
      | VENDOR-VOL-NAME-UNIQUE.two-volumes-whose-names-differ-only-in-case | VENDOR-VOL-NAME-UNIQUE | two volumes whose names differ only in case |

    @rule.VENDOR-CTR-NAME-UNIQUE
    Examples: VENDOR-CTR-NAME-UNIQUE (content.spec.containers)
      | case | rule | change |
      | VENDOR-CTR-NAME-UNIQUE.two-containers-whose-names-differ-in-one-charact | VENDOR-CTR-NAME-UNIQUE | two containers whose names differ in one character |

    @rule.VENDOR-ENV-NAME-UNIQUE
    Examples: VENDOR-ENV-NAME-UNIQUE (content.spec.containers[].env)
      | case | rule | change |
      | VENDOR-ENV-NAME-UNIQUE.two-env-names-that-differ-only-in-case | VENDOR-ENV-NAME-UNIQUE | two env names that differ only in case |

    @rule.VENDOR-MOUNT-PATH-UNIQUE
    Examples: VENDOR-MOUNT-PATH-UNIQUE (content.spec.containers[].volumeMounts)
      | case | rule | change |
      | VENDOR-MOUNT-PATH-UNIQUE.two-mount-paths-that-differ-by-a-trailing | VENDOR-MOUNT-PATH-UNIQUE | two mount paths that differ by a trailing '/' |

    @rule.VENDOR-MOUNT-NAME-UNIQUE
    Examples: VENDOR-MOUNT-NAME-UNIQUE (content.spec.containers[].volumeMounts)
      | case | rule | change |
      | VENDOR-MOUNT-NAME-UNIQUE.two-mounts-whose-names-differ-only-in-case | VENDOR-MOUNT-NAME-UNIQUE | two mounts whose names differ only in case |

    @rule.VENDOR-CONTAINER-PORT-UNIQUE
    Examples: VENDOR-CONTAINER-PORT-UNIQUE (content.spec.containers[].ports)
      | case | rule | change |
      | VENDOR-CONTAINER-PORT-UNIQUE.two-adjacent-container-ports | VENDOR-CONTAINER-PORT-UNIQUE | two adjacent container ports |

    @rule.VENDOR-HOST-PORT-UNIQUE
    Examples: VENDOR-HOST-PORT-UNIQUE (content.spec.containers[].ports[].hostPort)
      | case | rule | change |
      | VENDOR-HOST-PORT-UNIQUE.a-host-port-no-other-port-uses | VENDOR-HOST-PORT-UNIQUE | a host port no other port uses |

    @rule.VENDOR-RES-CPU-REQUEST
    Examples: VENDOR-RES-CPU-REQUEST (content.spec.containers[].resources.requests)
      | case | rule | change |
      | VENDOR-RES-CPU-REQUEST.the-minimum-cpu-request-0-01 | VENDOR-RES-CPU-REQUEST | the minimum cpu request 0.01 |
      | VENDOR-RES-CPU-REQUEST.a-cpu-request-equal-to-its-limit | VENDOR-RES-CPU-REQUEST | a cpu request equal to its limit |

    @rule.VENDOR-RES-MEMORY-REQUEST
    Examples: VENDOR-RES-MEMORY-REQUEST (content.spec.containers[].resources.requests)
      | case | rule | change |
      | VENDOR-RES-MEMORY-REQUEST.the-minimum-memory-request-4mi | VENDOR-RES-MEMORY-REQUEST | the minimum memory request 4Mi |

    @rule.VENDOR-RES-NPU-REQUEST
    Examples: VENDOR-RES-NPU-REQUEST (content.spec.containers[].resources.requests)
      | case | rule | change |
      | VENDOR-RES-NPU-REQUEST.an-npu-request-without-a-limit | VENDOR-RES-NPU-REQUEST | an NPU request without a limit |
