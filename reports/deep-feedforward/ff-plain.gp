# Redraws ff-plain.svg from the CSV data alone. Run in this folder: gnuplot ff-plain.gp
# Writes ff-plain-gnuplot.svg.
set datafile separator ","
set datafile columnheaders
set terminal svg size 760,460 dynamic enhanced background rgb "white" font "Helvetica,12"
set output "ff-plain-gnuplot.svg"
set title "Plain networks: ‖∂L/∂z_l‖ relative to the top layer, depth 100" noenhanced
set xlabel "layer l (0: bottom)" noenhanced
set ylabel "‖∂L/∂z_l‖ / ‖∂L/∂z_top‖" noenhanced
set key outside right top noenhanced
set grid
set ytics ("1e-40" -40.0, "1e-30" -30.0, "1e-20" -20.0, "1e-10" -10.0, "1e0" 0.0)
set yrange [-42.278540676735:2.281839751025014]
plot "ff_layers.csv" using (strcol("activation") eq "tanh" && strcol("architecture") eq "plain" && strcol("depth") eq "100" && strcol("init") eq "standard" && strcol("spectrum") eq "" && strcol("train") eq "" && strcol("weights") eq "" && strcol("seed") eq "1" ? column("layer_l") : 1/0):(column("relative_grad_log10")) with linespoints lw 1.6 pt 7 ps 0.7 pi 17 lc rgb "#0072B2" title "plain, tanh, standard", \
     "ff_layers.csv" using (strcol("activation") eq "tanh" && strcol("architecture") eq "plain" && strcol("depth") eq "100" && strcol("init") eq "normalised" && strcol("spectrum") eq "" && strcol("train") eq "" && strcol("weights") eq "" && strcol("seed") eq "1" ? column("layer_l") : 1/0):(column("relative_grad_log10")) with linespoints lw 1.6 pt 5 ps 0.7 pi 17 lc rgb "#D55E00" title "plain, tanh, normalised", \
     "ff_layers.csv" using (strcol("activation") eq "relu" && strcol("architecture") eq "plain" && strcol("depth") eq "100" && strcol("init") eq "standard" && strcol("spectrum") eq "" && strcol("train") eq "" && strcol("weights") eq "" && strcol("seed") eq "1" ? column("layer_l") : 1/0):(column("relative_grad_log10")) with linespoints lw 1.6 pt 9 ps 0.7 pi 17 lc rgb "#009E73" title "plain, relu, standard", \
     "ff_layers.csv" using (strcol("activation") eq "relu" && strcol("architecture") eq "plain" && strcol("depth") eq "100" && strcol("init") eq "normalised" && strcol("spectrum") eq "" && strcol("train") eq "" && strcol("weights") eq "" && strcol("seed") eq "1" ? column("layer_l") : 1/0):(column("relative_grad_log10")) with linespoints lw 1.6 pt 13 ps 0.7 pi 17 lc rgb "#CC79A7" title "plain, relu, normalised", \
     "ff_layers.csv" using (strcol("activation") eq "relu" && strcol("architecture") eq "plain" && strcol("depth") eq "100" && strcol("init") eq "he" && strcol("spectrum") eq "" && strcol("train") eq "" && strcol("weights") eq "" && strcol("seed") eq "1" ? column("layer_l") : 1/0):(column("relative_grad_log10")) with linespoints lw 1.6 pt 11 ps 0.7 pi 17 lc rgb "#E69F00" title "plain, relu, he"
