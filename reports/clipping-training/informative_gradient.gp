# Redraws informative_gradient.svg from the CSV data alone. Run in this folder: gnuplot informative_gradient.gp
# Writes informative_gradient-gnuplot.svg.
set datafile separator ","
set datafile columnheaders
set terminal svg size 760,460 dynamic enhanced background rgb "white" font "Helvetica,12"
set output "informative_gradient-gnuplot.svg"
set title "Gradient reaching the informative step, relative to the last step (seed 1)" noenhanced
set xlabel "update" noenhanced
set ylabel "‖∂L/∂h_informative‖ / ‖∂L/∂h_T‖ (log scale)" noenhanced
set key below left noenhanced
set grid
set format y "1e%g"
plot "lag_norms.csv" using (strcol("sigma_max") eq "2" && strcol("clip") eq "none" && strcol("clip_relative") eq "" && strcol("clip_threshold") eq "" && strcol("informative") eq "true" && strcol("seed") eq "1" ? column("update") : 1/0):(column("ratio_to_last_log10")) with lines lw 1.6 lc rgb "#0072B2" title "sigma_max=2, clip=none", \
     "lag_norms.csv" using (strcol("sigma_max") eq "2" && strcol("clip") eq "global-norm" && strcol("clip_relative") eq "0.5" && strcol("clip_threshold") eq "" && strcol("informative") eq "true" && strcol("seed") eq "1" ? column("update") : 1/0):(column("ratio_to_last_log10")) with lines lw 1.6 lc rgb "#D55E00" title "sigma_max=2, clip=global-norm, clip_relative=0.5", \
     "lag_norms.csv" using (strcol("sigma_max") eq "2" && strcol("clip") eq "global-norm" && strcol("clip_relative") eq "1" && strcol("clip_threshold") eq "" && strcol("informative") eq "true" && strcol("seed") eq "1" ? column("update") : 1/0):(column("ratio_to_last_log10")) with lines lw 1.6 lc rgb "#009E73" title "sigma_max=2, clip=global-norm, clip_relative=1", \
     "lag_norms.csv" using (strcol("sigma_max") eq "2" && strcol("clip") eq "global-norm" && strcol("clip_relative") eq "2" && strcol("clip_threshold") eq "" && strcol("informative") eq "true" && strcol("seed") eq "1" ? column("update") : 1/0):(column("ratio_to_last_log10")) with lines lw 1.6 lc rgb "#CC79A7" title "sigma_max=2, clip=global-norm, clip_relative=2", \
     "lag_norms.csv" using (strcol("sigma_max") eq "2" && strcol("clip") eq "global-norm" && strcol("clip_relative") eq "5" && strcol("clip_threshold") eq "" && strcol("informative") eq "true" && strcol("seed") eq "1" ? column("update") : 1/0):(column("ratio_to_last_log10")) with lines lw 1.6 lc rgb "#E69F00" title "sigma_max=2, clip=global-norm, clip_relative=5", \
     "lag_norms.csv" using (strcol("sigma_max") eq "2" && strcol("clip") eq "global-norm" && strcol("clip_relative") eq "10" && strcol("clip_threshold") eq "" && strcol("informative") eq "true" && strcol("seed") eq "1" ? column("update") : 1/0):(column("ratio_to_last_log10")) with lines lw 1.6 lc rgb "#56B4E9" title "sigma_max=2, clip=global-norm, clip_relative=10", \
     "lag_norms.csv" using (strcol("sigma_max") eq "2" && strcol("clip") eq "value" && strcol("clip_relative") eq "" && strcol("clip_threshold") eq "0.01" && strcol("informative") eq "true" && strcol("seed") eq "1" ? column("update") : 1/0):(column("ratio_to_last_log10")) with lines lw 1.6 lc rgb "#000000" title "sigma_max=2, clip=value", \
     "lag_norms.csv" using (strcol("sigma_max") eq "3" && strcol("clip") eq "none" && strcol("clip_relative") eq "" && strcol("clip_threshold") eq "" && strcol("informative") eq "true" && strcol("seed") eq "1" ? column("update") : 1/0):(column("ratio_to_last_log10")) with lines lw 1.6 lc rgb "#F0E442" title "sigma_max=3, clip=none"
