// Request bodies captured from the real kubectl on loopback (a logging server answering discovery):
// `protobuf` is what kubectl 1.32.5 sent (hex), `json` what kubectl 1.31 sent for the same command.
export interface CapturedBody {
  command: string;
  path: string;
  protobuf: string;
  json: string;
}

export const captured: Record<string, CapturedBody> = {
  "deployment-replicas0": {
    command: "kubectl create deployment web --image=nginx:1.27 --replicas=0 --port=80",
    path: "/apis/apps/v1/namespaces/default/deployments",
    protobuf:
      "6b3873000a150a07617070732f7631120a4465706c6f796d656e7412bd010a1f0a0377656212001a0022002a003200380042005a0a0a036170701203776562128b010800120c0a0a0a0361707012037765621a710a1c0a0012001a0022002a003200380042005a0a0a036170701203776562125112330a056e67696e78120a6e67696e783a312e32372a00320a0a001000185022002a0042006a007200800100880100900100a201001a00320042004a0052005800600068008201008a01009a0100c2010022020a00280038001a0c0800100018002000280038001a002200",
    json: '{"kind":"Deployment","apiVersion":"apps/v1","metadata":{"name":"web","creationTimestamp":null,"labels":{"app":"web"}},"spec":{"replicas":0,"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"creationTimestamp":null,"labels":{"app":"web"}},"spec":{"containers":[{"name":"nginx","image":"nginx:1.27","ports":[{"containerPort":80}],"resources":{}}]}},"strategy":{}},"status":{}}',
  },
  deployment: {
    command: "kubectl create deployment web2 --image=nginx",
    path: "/apis/apps/v1/namespaces/default/deployments",
    protobuf:
      "6b3873000a150a07617070732f7631120a4465706c6f796d656e7412af010a210a047765623212001a0022002a003200380042005a0b0a03617070120477656232127c0801120d0a0b0a036170701204776562321a610a1d0a0012001a0022002a003200380042005a0b0a03617070120477656232124012220a056e67696e7812056e67696e782a0042006a007200800100880100900100a201001a00320042004a0052005800600068008201008a01009a0100c2010022020a00280038001a0c0800100018002000280038001a002200",
    json: '{"kind":"Deployment","apiVersion":"apps/v1","metadata":{"name":"web2","creationTimestamp":null,"labels":{"app":"web2"}},"spec":{"replicas":1,"selector":{"matchLabels":{"app":"web2"}},"template":{"metadata":{"creationTimestamp":null,"labels":{"app":"web2"}},"spec":{"containers":[{"name":"nginx","image":"nginx","resources":{}}]}},"strategy":{}},"status":{}}',
  },
  configmap: {
    command: "kubectl create configmap cm1 --from-literal=a=1 --from-literal=b=two",
    path: "/api/v1/namespaces/default/configmaps",
    protobuf:
      "6b3873000a0f0a0276311209436f6e6669674d617012270a130a03636d3112001a0022002a0032003800420012060a016112013112080a0162120374776f1a002200",
    json: '{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"cm1","creationTimestamp":null},"data":{"a":"1","b":"two"}}',
  },
  secret: {
    command: "kubectl create secret generic s1 --from-literal=a=b",
    path: "/api/v1/namespaces/default/secrets",
    protobuf:
      "6b3873000a0c0a0276311206536563726574121e0a120a02733112001a0022002a0032003800420012060a01611201621a001a002200",
    json: '{"kind":"Secret","apiVersion":"v1","metadata":{"name":"s1","creationTimestamp":null},"data":{"a":"Yg=="}}',
  },
  "service-nodeport": {
    command: "kubectl create service nodeport svc1 --tcp=80:8080",
    path: "/api/v1/namespaces/default/services",
    protobuf:
      "6b3873000a0d0a027631120753657276696365126b0a210a047376633112001a0022002a003200380042005a0b0a0361707012047376633112420a1b0a0738302d38303830120354435018502207080010903f1a002800120b0a036170701204737663311a0022084e6f6465506f72743a00420052005a00600068001a020a001a002200",
    json: '{"kind":"Service","apiVersion":"v1","metadata":{"name":"svc1","creationTimestamp":null,"labels":{"app":"svc1"}},"spec":{"ports":[{"name":"80-8080","protocol":"TCP","port":80,"targetPort":8080}],"selector":{"app":"svc1"},"type":"NodePort"},"status":{"loadBalancer":{}}}',
  },
  namespace: {
    command: "kubectl create namespace ns1",
    path: "/api/v1/namespaces",
    protobuf:
      "6b3873000a0f0a02763112094e616d657370616365121b0a130a036e733112001a0022002a0032003800420012001a020a001a002200",
    json: '{"kind":"Namespace","apiVersion":"v1","metadata":{"name":"ns1","creationTimestamp":null},"spec":{},"status":{}}',
  },
  job: {
    command: "kubectl create job j1 --image=busybox -- sleep 10",
    path: "/apis/batch/v1/namespaces/default/jobs",
    protobuf:
      "6b3873000a0f0a0862617463682f763112034a6f621285010a120a026a3112001a0022002a00320038004200126532630a100a0012001a0022002a00320038004200124f122c0a026a31120762757379626f781a05736c6565701a0231302a0042006a007200800100880100900100a201001a054e65766572320042004a0052005800600068008201008a01009a0100c201001a082000280030003a001a002200",
    json: '{"kind":"Job","apiVersion":"batch/v1","metadata":{"name":"j1","creationTimestamp":null},"spec":{"template":{"metadata":{"creationTimestamp":null},"spec":{"containers":[{"name":"j1","image":"busybox","command":["sleep","10"],"resources":{}}],"restartPolicy":"Never"}}},"status":{}}',
  },
  cronjob: {
    command: 'kubectl create cronjob cj1 --image=busybox --schedule="*/1 * * * *" -- date',
    path: "/apis/batch/v1/namespaces/default/cronjobs",
    protobuf:
      "6b3873000a130a0862617463682f7631120743726f6e4a6f6212a7010a130a03636a3112001a0022002a00320038004200128d010a0b2a2f31202a202a202a202a1a002a7c0a130a03636a3112001a0022002a00320038004200126532630a100a0012001a0022002a00320038004200124f12280a03636a31120762757379626f781a04646174652a0042006a007200800100880100900100a201001a094f6e4661696c757265320042004a0052005800600068008201008a01009a0100c201001a001a002200",
    json: '{"kind":"CronJob","apiVersion":"batch/v1","metadata":{"name":"cj1","creationTimestamp":null},"spec":{"schedule":"*/1 * * * *","jobTemplate":{"metadata":{"name":"cj1","creationTimestamp":null},"spec":{"template":{"metadata":{"creationTimestamp":null},"spec":{"containers":[{"name":"cj1","image":"busybox","command":["date"],"resources":{}}],"restartPolicy":"OnFailure"}}}}},"status":{}}',
  },
  priorityclass: {
    command: "kubectl create priorityclass pc0",
    path: "/apis/scheduling.k8s.io/v1/priorityclasses",
    protobuf:
      "6b3873000a250a147363686564756c696e672e6b38732e696f2f7631120d5072696f72697479436c61737312310a130a0370633012001a0022002a003200380042001000180022002a14507265656d70744c6f7765725072696f726974791a002200",
    json: '{"kind":"PriorityClass","apiVersion":"scheduling.k8s.io/v1","metadata":{"name":"pc0","creationTimestamp":null},"value":0,"preemptionPolicy":"PreemptLowerPriority"}',
  },
  "pdb-minavailable0": {
    command: "kubectl create poddisruptionbudget pdb1 --selector=app=web --min-available=0",
    path: "/apis/policy/v1/namespaces/default/poddisruptionbudgets",
    protobuf:
      "6b3873000a200a09706f6c6963792f76311213506f6444697372757074696f6e427564676574123a0a140a047064623112001a0022002a0032003800420012160a06080010001a00120c0a0a0a0361707012037765621a0a080018002000280030001a002200",
    json: '{"kind":"PodDisruptionBudget","apiVersion":"policy/v1","metadata":{"name":"pdb1","creationTimestamp":null},"spec":{"minAvailable":0,"selector":{"matchLabels":{"app":"web"}}},"status":{"disruptionsAllowed":0,"currentHealthy":0,"desiredHealthy":0,"expectedPods":0}}',
  },
  quota: {
    command: "kubectl create quota q1 --hard=cpu=1,memory=1G,pods=2",
    path: "/api/v1/namespaces/default/resourcequotas",
    protobuf:
      "6b3873000a130a027631120d5265736f7572636551756f746112410a120a02713112001a0022002a0032003800420012290a0a0a0363707512030a01310a0e0a066d656d6f727912040a0231470a0b0a04706f647312030a01321a001a002200",
    json: '{"kind":"ResourceQuota","apiVersion":"v1","metadata":{"name":"q1","creationTimestamp":null},"spec":{"hard":{"cpu":"1","memory":"1G","pods":"2"}},"status":{}}',
  },
  tokenrequest: {
    command: "kubectl create token default --duration=10m",
    path: "/api/v1/namespaces/default/serviceaccounts/default/token",
    protobuf:
      "6b3873000a280a1861757468656e7469636174696f6e2e6b38732e696f2f7631120c546f6b656e52657175657374121d0a100a0012001a0022002a00320038004200120320d8041a040a0012001a002200",
    json: '{"kind":"TokenRequest","apiVersion":"authentication.k8s.io/v1","metadata":{"creationTimestamp":null},"spec":{"audiences":null,"expirationSeconds":600,"boundObjectRef":null},"status":{"token":"","expirationTimestamp":null}}',
  },
  selfsubjectaccessreview: {
    command: "kubectl auth can-i create deployments",
    path: "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews",
    protobuf:
      "6b3873000a320a17617574686f72697a6174696f6e2e6b38732e696f2f7631121753656c665375626a656374416363657373526576696577124a0a100a0012001a0022002a00320038004200122c0a2a0a0764656661756c7412066372656174651a046170707322002a0b6465706c6f796d656e747332003a001a08080012001a0020001a002200",
    json: '{"kind":"SelfSubjectAccessReview","apiVersion":"authorization.k8s.io/v1","metadata":{"creationTimestamp":null},"spec":{"resourceAttributes":{"namespace":"default","verb":"create","group":"apps","resource":"deployments"}},"status":{"allowed":false}}',
  },
  role: {
    command: "kubectl create role r1 --verb=get --resource=pods",
    path: "/apis/rbac.authorization.k8s.io/v1/namespaces/default/roles",
    protobuf:
      "6b3873000a240a1c726261632e617574686f72697a6174696f6e2e6b38732e696f2f76311204526f6c6512230a120a02723112001a0022002a00320038004200120d0a0367657412001a04706f64731a002200",
    json: '{"kind":"Role","apiVersion":"rbac.authorization.k8s.io/v1","metadata":{"name":"r1","creationTimestamp":null},"rules":[{"verbs":["get"],"apiGroups":[""],"resources":["pods"]}]}',
  },
  ingress: {
    command: "kubectl create ingress ing1 --rule=foo.com/bar=svc1:8080",
    path: "/apis/networking.k8s.io/v1/namespaces/default/ingresses",
    protobuf:
      "6b3873000a1f0a146e6574776f726b696e672e6b38732e696f2f76311207496e6772657373124b0a140a04696e673112001a0022002a00320038004200122f1a2d0a07666f6f2e636f6d12220a200a1e0a042f626172120f220d0a047376633112050a0010903f1a0545786163741a020a001a002200",
    json: '{"kind":"Ingress","apiVersion":"networking.k8s.io/v1","metadata":{"name":"ing1","creationTimestamp":null},"spec":{"rules":[{"host":"foo.com","http":{"paths":[{"path":"/bar","pathType":"Exact","backend":{"service":{"name":"svc1","port":{"number":8080}}}}]}}]},"status":{"loadBalancer":{}}}',
  },
};
