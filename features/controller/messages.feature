@controller @messages
Feature: Every message the controller pushes is a conformant pod update
  edgeconform plays the vendor's edge: it dials the controller at
  ws(s)://HOST:PORT/websocket/<node_id>/events with the edge's handshake headers (or lets the
  controller dial in), sends keepalives upstream, and answers as a conformant edge does: "OK";
  "FAILED: <reason>" for a pod that breaks a content rule; nothing at all for a message whose
  envelope fails the header checks or a frame that is not JSON (vendor-notes.md, Answers).
  Every message the controller pushes is one case, CTRL-MSG-0001 onwards, judged against the
  rule table of the chosen profile; a case carries a rule.<ID> marker for each rule it breaks.

  Scenario: A message the controller pushed is a conformant pod update
    Given a message the controller pushed
    Then it is a JSON object in a text frame
    And its header and route are those of a pod update request
    And its route resource names the pod it carries
    And its msg_id was not used before in the session
    And its pod follows every content rule of the profile
