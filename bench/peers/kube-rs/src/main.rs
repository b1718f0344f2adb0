//! kube-rs contender of `pnpm bench` (test tooling only). It speaks the line protocol of
//! bench/support/contenderProcess.ts: it prints one JSON object per line, each with a "phase", and
//! reads one command per line from stdin: sync, gc, burst <n>, read, reconcile <concurrency>, exit.
//! Argument: variant (typed, dynamic, pod — a typed k8s-openapi Pod —, each with `-lean` for a
//! reflector that clears managedFields with `.modify()`; or footprint: a Controller on ConfigMaps that prints
//! "reconciled" at its first reconcile, then idles; commands gc, exit). Environment: BENCH_KUBECONFIG, BENCH_NAMESPACE, BENCH_COUNT.
use std::{
    fmt::Debug,
    hash::Hash,
    sync::{
        Arc,
        atomic::{AtomicBool, AtomicI64, Ordering},
    },
    time::{Instant, SystemTime, UNIX_EPOCH},
};

use futures::StreamExt;
use k8s_openapi::api::core::v1::{ConfigMap, Pod};
use kube::{
    Api, Client, Config, CustomResource, Resource, ResourceExt,
    api::{ApiResource, DynamicObject, GroupVersionKind, Patch, PatchParams},
    config::{KubeConfigOptions, Kubeconfig},
    runtime::{
        Controller, WatchStreamExt,
        controller::{self, Action},
        reflector::{self, ObjectRef, Store},
        watcher::{self, watcher},
    },
};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize, de::DeserializeOwned};
use serde_json::{Value, json};
use tokio::sync::{Notify, mpsc};

const IMAGE: &str = "registry.example.com/bench/web:1.0.0";

/// The typed form of the benchmark CRD (see bench/support/widgets.ts for its shape).
#[derive(CustomResource, Deserialize, Serialize, Clone, Debug, JsonSchema)]
#[kube(
    group = "bench.kubekit.dev",
    version = "v1",
    kind = "Widget",
    namespaced,
    status = "WidgetStatus"
)]
#[serde(rename_all = "camelCase")]
pub struct WidgetSpec {
    pub replicas: i64,
    pub image: String,
    pub burst: Option<String>,
    pub selector: Selector,
    pub ports: Vec<Port>,
    pub env: Vec<EnvVar>,
    pub resources: Resources,
    pub rollout: Rollout,
    pub probes: Probes,
    pub tolerations: Vec<Toleration>,
    pub config: WidgetConfig,
}

#[derive(Deserialize, Serialize, Clone, Debug, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Selector {
    pub match_labels: std::collections::BTreeMap<String, String>,
}

#[derive(Deserialize, Serialize, Clone, Debug, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Port {
    pub name: String,
    pub container_port: i32,
    pub protocol: String,
}

#[derive(Deserialize, Serialize, Clone, Debug, JsonSchema)]
pub struct EnvVar {
    pub name: String,
    pub value: String,
}

#[derive(Deserialize, Serialize, Clone, Debug, JsonSchema)]
pub struct Resources {
    pub requests: std::collections::BTreeMap<String, String>,
    pub limits: std::collections::BTreeMap<String, String>,
}

#[derive(Deserialize, Serialize, Clone, Debug, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Rollout {
    pub strategy: String,
    pub max_surge: String,
    pub max_unavailable: i32,
    pub pause_seconds: i32,
}

#[derive(Deserialize, Serialize, Clone, Debug, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Probe {
    pub path: String,
    pub port: i32,
    pub period_seconds: i32,
    pub failure_threshold: i32,
}

#[derive(Deserialize, Serialize, Clone, Debug, JsonSchema)]
pub struct Probes {
    pub liveness: Probe,
    pub readiness: Probe,
}

#[derive(Deserialize, Serialize, Clone, Debug, JsonSchema)]
pub struct Toleration {
    pub key: String,
    pub operator: String,
    pub value: String,
    pub effect: String,
}

#[derive(Deserialize, Serialize, Clone, Debug, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct WidgetConfig {
    pub log_level: String,
    pub feature_gates: std::collections::BTreeMap<String, bool>,
    pub shards: Vec<i32>,
}

#[derive(Deserialize, Serialize, Clone, Debug, Default, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct WidgetStatus {
    #[serde(default)]
    pub reconciled: bool,
    pub observed_generation: Option<i64>,
}

fn emit(phase: &str, mut fields: Value) {
    fields["phase"] = json!(phase);
    println!("{fields}");
}

/// Runs `f` `batch` times per sample; p50 and p99 of the time per call, in µs.
fn percentiles(samples: usize, batch: usize, mut f: impl FnMut(usize)) -> Value {
    let mut times: Vec<f64> = (0..samples)
        .map(|s| {
            let start = Instant::now();
            for b in 0..batch {
                f(s * batch + b);
            }
            start.elapsed().as_nanos() as f64 / 1e3 / batch as f64
        })
        .collect();
    times.sort_by(|a, b| a.partial_cmp(b).unwrap());
    json!({ "p50Us": times[samples / 2], "p99Us": times[samples * 99 / 100] })
}

/// Counts the watch events of a burst.
#[derive(Default)]
struct Burst {
    counting: AtomicBool,
    events: AtomicI64,
    expected: AtomicI64,
    first: AtomicI64,
    last: AtomicI64,
    done: Notify,
}

impl Burst {
    fn applied(&self) {
        if !self.counting.load(Ordering::SeqCst) {
            return;
        }
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_micros() as i64;
        let n = self.events.fetch_add(1, Ordering::SeqCst) + 1;
        if n == 1 {
            self.first.store(now, Ordering::SeqCst);
        }
        self.last.store(now, Ordering::SeqCst);
        if n == self.expected.load(Ordering::SeqCst) {
            self.counting.store(false, Ordering::SeqCst);
            self.done.notify_one();
        }
    }
}

/// The cache scenario for one kind: a reflector over a watcher, then reads from its store.
async fn cache_scenario<K>(
    api: Api<K>,
    dyntype: K::DynamicType,
    namespace: String,
    count: usize,
    image: fn(&K) -> Option<&str>,
    lean: bool,
    commands: &mut mpsc::UnboundedReceiver<String>,
) -> anyhow::Result<()>
where
    K: Resource + Clone + DeserializeOwned + Debug + Send + Sync + 'static,
    K::DynamicType: Clone + Eq + Hash + Send + Sync + 'static,
{
    let burst = Arc::new(Burst::default());
    let mut store: Option<Store<K>> = None;
    while let Some(line) = commands.recv().await {
        let cmd: Vec<&str> = line.split_whitespace().collect();
        match cmd.first().copied() {
            Some("sync") => {
                let start = Instant::now();
                let writer = reflector::store::Writer::<K>::new(dyntype.clone());
                let reader = writer.as_reader();
                let events = watcher(api.clone(), watcher::Config::default());
                let events = if lean {
                    events
                        .modify(|o: &mut K| o.managed_fields_mut().clear())
                        .boxed()
                } else {
                    events.boxed()
                };
                let stream = reflector::reflector(writer, events);
                let counter = burst.clone();
                tokio::spawn(async move {
                    stream
                        .for_each(|event| {
                            if let Ok(watcher::Event::Apply(_)) = event {
                                counter.applied();
                            }
                            futures::future::ready(())
                        })
                        .await
                });
                reader.wait_until_ready().await?;
                let ms = start.elapsed().as_micros() as f64 / 1e3;
                emit("synced", json!({ "syncMs": ms, "objects": reader.len() }));
                store = Some(reader);
            }
            Some("gc") => emit("settled", json!({})),
            Some("burst") => {
                let n: i64 = cmd.get(1).and_then(|s| s.parse().ok()).unwrap_or(0);
                burst.expected.store(n, Ordering::SeqCst);
                burst.events.store(0, Ordering::SeqCst);
                burst.counting.store(true, Ordering::SeqCst);
                emit("armed", json!({}));
                let b = burst.clone();
                tokio::spawn(async move {
                    b.done.notified().await;
                    emit(
                        "burst",
                        json!({
                            "events": b.events.load(Ordering::SeqCst),
                            "firstMs": b.first.load(Ordering::SeqCst) as f64 / 1e3,
                            "lastMs": b.last.load(Ordering::SeqCst) as f64 / 1e3,
                        }),
                    );
                });
            }
            Some("read") => {
                let reader = store.as_ref().expect("read before sync");
                let get = percentiles(1000, 100, |i| {
                    let name = format!("w-{}", (i * 7919) % count);
                    let key = ObjectRef::<K>::new_with(&name, dyntype.clone()).within(&namespace);
                    assert!(reader.get(&key).is_some(), "{name} is not cached");
                });
                let mut n = 0;
                let mut by_ns = percentiles(11, 1, |_| {
                    n = reader
                        .state_filter(|o| o.namespace().as_deref() == Some(namespace.as_str()))
                        .len();
                });
                by_ns["items"] = json!(n);
                let mut by_label = percentiles(21, 1, |_| {
                    n = reader
                        .state_filter(|o| o.labels().get("shard").map(String::as_str) == Some("3"))
                        .len();
                });
                by_label["items"] = json!(n);
                let mut by_field = percentiles(101, 1, |_| {
                    n = reader.state_filter(|o| image(o) == Some(IMAGE)).len();
                });
                by_field["items"] = json!(n);
                emit(
                    "read",
                    json!({ "get": get, "listNamespace": by_ns, "listLabel": by_label, "listIndex": by_field }),
                );
            }
            Some("exit") => std::process::exit(0),
            Some("reconcile") => anyhow::bail!("reconcile is for the typed variant only"),
            _ => {}
        }
    }
    Ok(())
}

struct ReconcileContext {
    api: Api<Widget>,
    writes: AtomicI64,
    count: i64,
    done: Notify,
}

async fn reconcile(obj: Arc<Widget>, ctx: Arc<ReconcileContext>) -> Result<Action, kube::Error> {
    if obj.status.as_ref().is_some_and(|s| s.reconciled) {
        return Ok(Action::await_change());
    }
    let status =
        json!({ "status": { "reconciled": true, "observedGeneration": obj.metadata.generation } });
    ctx.api
        .patch_status(
            &obj.name_any(),
            &PatchParams::default(),
            &Patch::Merge(&status),
        )
        .await?;
    if ctx.writes.fetch_add(1, Ordering::SeqCst) + 1 == ctx.count {
        ctx.done.notify_one();
    }
    Ok(Action::await_change())
}

/// The footprint scenario's reconciler: says "reconciled" once, at the first object.
async fn first_reconcile(_: Arc<ConfigMap>, seen: Arc<AtomicBool>) -> Result<Action, kube::Error> {
    if !seen.swap(true, Ordering::SeqCst) {
        emit("reconciled", json!({}));
    }
    Ok(Action::await_change())
}

fn requeue_on_error(_: Arc<Widget>, _: &kube::Error, _: Arc<ReconcileContext>) -> Action {
    Action::requeue(std::time::Duration::from_millis(100))
}

/// Runs a Controller until every object has its status written.
async fn reconcile_all(api: Api<Widget>, count: usize, concurrency: u16) {
    let start = Instant::now();
    let ctx = Arc::new(ReconcileContext {
        api: api.clone(),
        writes: AtomicI64::new(0),
        count: count as i64,
        done: Notify::new(),
    });
    let controller = Controller::new(api, watcher::Config::default())
        .with_config(controller::Config::default().concurrency(concurrency))
        .run(reconcile, requeue_on_error, ctx.clone())
        .for_each(|_| futures::future::ready(()));
    let running = tokio::spawn(controller);
    ctx.done.notified().await;
    let ms = start.elapsed().as_micros() as f64 / 1e3;
    running.abort();
    emit(
        "reconciled",
        json!({ "ms": ms, "writes": ctx.writes.load(Ordering::SeqCst) }),
    );
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let arg = std::env::args().nth(1).unwrap_or_default();
    let lean = arg.ends_with("-lean");
    let variant = arg.trim_end_matches("-lean").to_string();
    let namespace = std::env::var("BENCH_NAMESPACE")?;
    let count: usize = std::env::var("BENCH_COUNT")?.parse()?;
    let kubeconfig = Kubeconfig::read_from(std::env::var("BENCH_KUBECONFIG")?)?;
    let config = Config::from_custom_kubeconfig(kubeconfig, &KubeConfigOptions::default()).await?;
    let client = Client::try_from(config)?;

    let (tx, mut commands) = mpsc::unbounded_channel::<String>();
    std::thread::spawn(move || {
        for line in std::io::stdin().lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    emit("ready", json!({}));

    if variant == "footprint" {
        let api: Api<ConfigMap> = Api::namespaced(client, &namespace);
        let controller = Controller::new(api, watcher::Config::default())
            .run(
                first_reconcile,
                |_, _: &kube::Error, _| Action::requeue(std::time::Duration::from_secs(1)),
                Arc::new(AtomicBool::new(false)),
            )
            .for_each(|_| futures::future::ready(()));
        tokio::spawn(controller);
        while let Some(line) = commands.recv().await {
            match line.trim() {
                "gc" => emit("settled", json!({})),
                "exit" => break,
                _ => {}
            }
        }
        return Ok(());
    }

    if variant == "pod" {
        let api: Api<Pod> = Api::namespaced(client, &namespace);
        return cache_scenario(
            api,
            (),
            namespace,
            count,
            |p: &Pod| {
                p.spec
                    .as_ref()
                    .and_then(|s| s.containers.first())
                    .and_then(|c| c.image.as_deref())
            },
            lean,
            &mut commands,
        )
        .await;
    }

    if variant == "typed" {
        let api: Api<Widget> = Api::namespaced(client, &namespace);
        // The first command says which scenario this process runs.
        let first = commands.recv().await.unwrap_or_default();
        if let Some(c) = first.strip_prefix("reconcile ") {
            reconcile_all(api, count, c.trim().parse()?).await;
            while let Some(line) = commands.recv().await {
                if line.trim() == "exit" {
                    break;
                }
            }
            return Ok(());
        }
        let (tx2, mut replay) = mpsc::unbounded_channel::<String>();
        tx2.send(first)?;
        tokio::spawn(async move {
            while let Some(line) = commands.recv().await {
                if tx2.send(line).is_err() {
                    break;
                }
            }
        });
        cache_scenario(
            api,
            (),
            namespace,
            count,
            |w: &Widget| Some(w.spec.image.as_str()),
            lean,
            &mut replay,
        )
        .await
    } else {
        let gvk = GroupVersionKind::gvk("bench.kubekit.dev", "v1", "Widget");
        let resource = ApiResource::from_gvk_with_plural(&gvk, "widgets");
        let api: Api<DynamicObject> = Api::namespaced_with(client, &namespace, &resource);
        cache_scenario(
            api,
            resource,
            namespace,
            count,
            |o: &DynamicObject| {
                o.data
                    .get("spec")
                    .and_then(|s| s.get("image"))
                    .and_then(Value::as_str)
            },
            lean,
            &mut commands,
        )
        .await
    }
}
